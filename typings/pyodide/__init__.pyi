# The parts of Pyodide's own package that plauder.web uses (Pyodide ships no stubs to the host).
__version__: str
