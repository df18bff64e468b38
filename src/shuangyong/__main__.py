"""``python -m shuangyong``: the same command as the ``shuangyong`` script."""

from __future__ import annotations

if __name__ == "__main__":
    from shuangyong.cli import main

    main(prog_name="shuangyong")
