"""Public test tooling: hypothesis strategies for the domain (:mod:`.strategies`).

Importing :mod:`shuangyong.domain` never imports hypothesis; only this package does.
"""
