"""Legacy Word .doc, converted by LibreOffice (``soffice --headless --convert-to docx``)
into a temporary folder the tool creates and removes, then read as .docx. Without
``soffice`` on PATH the file is refused with a hint."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError
from ..model import Doc

TIMEOUT = 180  # seconds for one conversion


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read(path: Path) -> Doc:
    exe = soffice()
    if exe is None:
        raise InputError(str(path), None, "LibreOffice (soffice) on PATH to convert a legacy .doc",
                         "no soffice", hint="install LibreOffice (Debian: apt install libreoffice-writer-nogui) "
                                            "or save the file as .docx", code="needs-libreoffice")
    from . import docx

    with tempfile.TemporaryDirectory(prefix="rlist-doc-") as tmp:
        src = Path(tmp) / "in.doc"
        shutil.copyfile(path, src)  # its own name: soffice names the output after the input
        env = {**os.environ, "HOME": tmp}  # a private LibreOffice profile: runs in parallel do not collide
        try:
            run = subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                                  "--convert-to", "docx", "--outdir", tmp, str(src)],
                                 capture_output=True, timeout=TIMEOUT, env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as e:
            raise InputError(str(path), None, f"a conversion within {TIMEOUT} s", "a LibreOffice timeout",
                             hint="open it in Word or LibreOffice and save it as .docx", code="bad-doc") from e
        out = Path(tmp) / "in.docx"
        if run.returncode != 0 or not out.exists():
            why = (run.stderr or run.stdout).decode("utf-8", "replace").strip().splitlines()
            raise InputError(str(path), None, "a .doc LibreOffice can convert",
                             f"a failed conversion ({why[-1][:100] if why else 'no output'})",
                             hint="open it in Word and save it as .docx", code="bad-doc")
        got = docx.read(out)
    got.format = "doc"
    got.notes.append("converted from .doc by LibreOffice")
    return got
