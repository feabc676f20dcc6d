"""Writes of the cross-cutting pieces (API tokens), beside the apps' own ``services`` packages."""
