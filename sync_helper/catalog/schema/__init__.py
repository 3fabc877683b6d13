"""The JSON Schema of the native catalog format, shipped with the package."""
