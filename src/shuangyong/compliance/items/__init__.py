"""The built-in checklists, one module each (registered by :mod:`shuangyong.compliance.builtin`)."""
