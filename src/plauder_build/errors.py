"""The one error type the build reports to the person running it."""


class BuildError(Exception):
    """A problem the person running the build can fix; its message says how."""
