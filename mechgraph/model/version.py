"""The version of mechgraph (read by the package, the cache key and the JSON contract)."""

__version__ = "0.1.0"
