"""The imperative shell: the only code that touches js, pyodide or pyscript."""
