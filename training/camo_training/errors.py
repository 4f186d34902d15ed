"""The errors a user can act on: each names the file, key or row at fault."""


class TrainingError(Exception):
    """Base of every error the recipe reports without a traceback."""


class ConfigError(TrainingError):
    """A configuration key is unknown, misspelt, of the wrong type or out of range."""


class DataError(TrainingError):
    """A dataset is missing, malformed, empty, or its splits share a source group."""


class ExportError(TrainingError):
    """The ONNX file would not compute what the PyTorch model computes, or cannot be written."""
