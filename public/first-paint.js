// Paints the user's own conversation list and last open conversation before Python is ready.
//
// The app keeps a copy of what it last showed in localStorage (src/plauder/web/first_paint.py): the
// list's markup, the open conversation's title and thread, for this build folder. Read here, after
// boot.js has chosen the page's language, it is painted only when it was made by this very build (the
// markup is the app's) in this language. Until Python takes over, the painted parts are inert: seen,
// not used. Sealed conversations are never kept: the copy then only says so, and the list says that
// they are locked.
(function () {
  "use strict";
  var root = document.documentElement;
  var key = "plauder:first-paint:" + new URL("./", location.href).pathname;
  var record;
  try {
    record = JSON.parse(localStorage.getItem(key) || "null");
  } catch (error) {
    record = null; // unreadable: the start goes on as without one
  }
  if (!record || record.build !== root.dataset.build || record.language !== root.lang) return;

  var list = document.getElementById("conversations");
  var thread = document.getElementById("messages");
  if (record.sealed) {
    list.replaceChildren(document.getElementById("sealed-paint").content.cloneNode(true));
    root.dataset.firstPaint = "sealed";
    return;
  }
  list.innerHTML = record.sidebar;
  list.querySelectorAll(".sidebar-row[data-depth]").forEach(function (row) {
    row.style.paddingLeft = Number(row.dataset.depth) * record.indent_rem + "rem";
  });
  list.inert = true;
  if (record.conversation && record.thread) {
    document.getElementById("chat-title").textContent = record.title;
    thread.innerHTML = record.thread;
    thread.inert = true;
    thread.scrollTop = thread.scrollHeight;
  }
  root.dataset.firstPaint = "cached";
  performance.mark("plauder:first-paint");
})();
