"""The one base of every error mechgraph raises on purpose.

Each error also keeps the built-in kind it always had (a ``QueryError`` is a ``ValueError``,
an ``OutputError`` an ``OSError``...), so that ``except ValueError`` still catches it, while
``except MechgraphError`` catches all of them and nothing else; the command line turns one
into a one-line message and exit code 1.

>>> from mechgraph.model.resolve import UnknownNameError
>>> issubclass(UnknownNameError, MechgraphError) and issubclass(UnknownNameError, LookupError)
True
"""


class MechgraphError(Exception):
    """An error of mechgraph's own: bad input, an unknown name, an unreadable file..."""
