"""The core report formats: JSON, CSV, Markdown, HTML and plain text. No dependency beyond the
standard library; each module has one format and a ``FORMAT`` registered by
:mod:`shuangyong.reports.builtin`."""
