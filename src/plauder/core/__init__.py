"""The functional core: pure, typed Python that runs under CPython and in Pyodide alike.

Nothing below this package may import a browser module (js, pyodide, pyscript);
tests/unit/test_core_purity.py enforces that.
"""
