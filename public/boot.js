// Boot progress and boot failure for the page, before and while Python starts.
//
// A classic script, so that even a browser without module support runs it and can say why
// Plauder will not start. It names each boot stage, and turns every way a boot can fail (a
// missing file, a wrong MIME type, a blocking Content-Security-Policy, an old browser, a Python
// error, a stall) into a plain sentence with the likely fix instead of an endless spinner.
(function () {
  "use strict";
  var BOOT_TIMEOUT_SECONDS = 90;
  var root = document.documentElement;
  var LANGUAGE_KEY = "plauder.language";
  var catalogs = JSON.parse(document.getElementById("shell-messages").textContent);
  var preset = JSON.parse(document.getElementById("admin-preset").textContent);
  var messages = catalogs[root.lang];

  // The user's choice (unless the admin locked the language), else the admin's, else the browser's.
  function chosenLanguage() {
    var stored = null;
    try {
      stored = preset.lock.indexOf("language") < 0 ? localStorage.getItem(LANGUAGE_KEY) : null;
    } catch (error) {
      stored = null; // storage disabled: the default applies
    }
    var browser = (navigator.languages || [navigator.language]).map(function (tag) {
      return String(tag).slice(0, 2).toLowerCase();
    });
    var candidates = [stored, preset.language].concat(browser);
    for (var i = 0; i < candidates.length; i++) if (candidates[i] in catalogs) return candidates[i];
    return root.lang;
  }

  // Switch every marked text of the page, in templates too, to `language`.
  function applyLanguage(language) {
    var catalog = catalogs[language];
    var scopes = [document].concat(
      Array.prototype.map.call(document.querySelectorAll("template"), function (t) {
        return t.content;
      })
    );
    scopes.forEach(function (scope) {
      scope.querySelectorAll("[data-i18n]").forEach(function (node) {
        node.textContent = catalog[node.dataset.i18n];
      });
      scope.querySelectorAll("[data-i18n-attrs]").forEach(function (node) {
        node.dataset.i18nAttrs.split(";").forEach(function (pair) {
          var parts = pair.split(":");
          node.setAttribute(parts[0], catalog[parts[1]]);
        });
      });
    });
    root.lang = language;
    messages = catalog;
  }

  // Python switches the language through this, so that one function marks up the page.
  window.plauderLanguage = {
    choose: function (language) {
      try {
        localStorage.setItem(LANGUAGE_KEY, language);
      } catch (error) {
        // storage disabled: the choice holds for this page only
      }
      applyLanguage(language);
    },
  };
  if (chosenLanguage() !== root.lang) applyLanguage(chosenLanguage());

  // Light, dark, or the system's choice (the default): applied before the first paint, kept per browser.
  var THEME_KEY = "plauder.theme";
  function applyTheme(theme) {
    if (theme === "light" || theme === "dark") root.dataset.theme = theme;
    else delete root.dataset.theme;
  }
  try {
    applyTheme(localStorage.getItem(THEME_KEY));
  } catch (error) {
    // storage disabled: the system's choice applies
  }
  var themeSelect = document.getElementById("theme-select"); // a deferred script: the page is parsed
  themeSelect.value = root.dataset.theme || "system";
  themeSelect.addEventListener("change", function () {
    applyTheme(themeSelect.value);
    try {
      localStorage.setItem(THEME_KEY, themeSelect.value);
    } catch (error) {
      // storage disabled: the choice holds for this page only
    }
  });
  var PROGRESS_STAGES = { "Loading Pyodide": "boot.runtime", "Loading interpreter": "boot.python" };

  function text(key, params) {
    return messages[key].replace(/\{(\w+)\}/g, function (whole, name) {
      return params && name in params ? String(params[name]) : whole;
    });
  }

  function booting() {
    return root.dataset.boot === "loading";
  }

  function stage(key) {
    if (!booting()) return;
    root.dataset.bootStage = key;
    document.getElementById("boot-stage").textContent = text(key);
  }

  function fail(key, params) {
    if (!booting()) return;
    root.dataset.boot = "failed";
    root.dataset.bootFailure = key;
    document.getElementById("boot").hidden = true;
    document.getElementById("boot-failure-text").textContent = text(key, params);
    document.getElementById("boot-failure").hidden = false;
  }

  function isScript(type) {
    return /javascript|ecmascript/i.test(type || "");
  }

  // Only this build's own files are asked about: a URL from an error message or a failing element can
  // point anywhere, and no request may go where the page would not go by itself.
  function ownFile(url) {
    try {
      var parsed = new URL(url, document.baseURI);
      var base = new URL(".", document.baseURI);
      return parsed.origin === base.origin && parsed.pathname.indexOf(base.pathname) === 0;
    } catch (error) {
      return false;
    }
  }

  // Ask the server about a file the browser could not load: missing, or sent with a wrong type?
  function diagnose(url, detail) {
    if (!booting()) return;
    if (!url || !ownFile(url)) return fail("boot.fail_generic", { detail: detail });
    fetch(url, { method: "HEAD", cache: "no-store" }).then(
      function (response) {
        var type = response.headers.get("content-type") || "";
        if (!response.ok) fail("boot.fail_missing_file", { url: url, status: response.status });
        else if (/\.m?js(\?|$)/.test(url) && !isScript(type)) fail("boot.fail_mime", { url: url, type: type });
        else fail("boot.fail_generic", { detail: detail });
      },
      function () {
        fail("boot.fail_generic", { detail: detail });
      }
    );
  }

  function urlIn(message) {
    var match = /(https?:\/\/[^\s'"]+)/.exec(message || "");
    return match ? match[1].replace(/[.,:;)]+$/, "") : null;
  }

  var modern =
    typeof WebAssembly === "object" &&
    "noModule" in HTMLScriptElement.prototype &&
    "indexedDB" in window &&
    typeof TextDecoder === "function" &&
    typeof AbortController === "function";
  if (!modern) return fail("boot.fail_old_browser");

  document.getElementById("boot-reload").addEventListener("click", function () {
    location.reload();
  });

  // A message sent before Python is ready is kept and goes out as soon as it is.
  document.getElementById("prompt").addEventListener("keydown", function (event) {
    if (booting() && event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      root.dataset.pendingSend = "true";
      document.getElementById("boot-pending").hidden = false;
    }
  });

  addEventListener("py:progress", function (event) {
    if (PROGRESS_STAGES[event.detail]) stage(PROGRESS_STAGES[event.detail]);
  });
  addEventListener("py:ready", function () {
    stage("boot.app");
  });
  document.addEventListener("plauder:ready", function () {
    stopWatching();
    stage("boot.ready");
    root.dataset.boot = "ready";
    performance.mark("plauder:ready");
    document.getElementById("boot").hidden = true;
    keepForOfflineStarts();
  });

  // The service worker copies this build into its cache for starts without the server. It is
  // registered once the app runs, so its copies come from the HTTP cache the boot just filled.
  // Browsers allow service workers only in secure contexts (https, or localhost).
  function keepForOfflineStarts() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    navigator.serviceWorker.register("./sw.js").then(
      function () {
        return navigator.serviceWorker.ready.then(function () {
          root.dataset.offline = "ready";
        });
      },
      function (error) {
        root.dataset.offline = "unavailable";
        root.dataset.offlineError = String(error && error.message);
      }
    );
  }

  // The watchers below explain a failed start; once the app runs they are removed (errors after the
  // start are the app's to explain).
  function onViolation(event) {
    fail("boot.fail_csp", { directive: event.effectiveDirective + " " + event.blockedURI });
  }
  function onError(event) {
    var element = event.target;
    if (element && element !== window && (element.src || element.href)) {
      diagnose(element.src || element.href, element.tagName);
    } else if (event.message) {
      fail("boot.fail_generic", { detail: event.message });
    }
  }
  function onRejection(event) {
    var message = String((event.reason && event.reason.message) || event.reason);
    diagnose(urlIn(message), message);
  }
  addEventListener("securitypolicyviolation", onViolation);
  addEventListener("error", onError, true);
  addEventListener("unhandledrejection", onRejection);
  // Some loaders (Pyodide's wasm and wheel fetches) only log a failed download and wait forever:
  // watch the responses themselves.
  var responses =
    typeof PerformanceObserver === "function"
      ? new PerformanceObserver(function (list) {
          list.getEntries().forEach(function (entry) {
            var status = entry.responseStatus || 0;
            if (status >= 400 && status < 500) fail("boot.fail_missing_file", { url: entry.name, status: status });
            else if (status >= 500) fail("boot.fail_generic", { detail: "HTTP " + status + " for " + entry.name });
          });
        })
      : null;
  if (responses) responses.observe({ type: "resource", buffered: true });

  function stopWatching() {
    removeEventListener("securitypolicyviolation", onViolation);
    removeEventListener("error", onError, true);
    removeEventListener("unhandledrejection", onRejection);
    if (responses) responses.disconnect();
  }
  setTimeout(function () {
    fail("boot.fail_timeout", { seconds: BOOT_TIMEOUT_SECONDS });
  }, BOOT_TIMEOUT_SECONDS * 1000);
})();
