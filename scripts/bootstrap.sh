# Sourced by scripts/test and scripts/demo: a tools virtualenv with nox and uv, made once.
# Usage: . scripts/bootstrap.sh   (sets QS_TOOLS to the virtualenv's bin folder)
set -euo pipefail
QS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QS_TOOLS_VENV="${QS_TOOLS_VENV:-$QS_ROOT/.venv-tools}"
QS_PYTHON="${QS_PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x "$QS_TOOLS_VENV/bin/nox" ] || [ ! -x "$QS_TOOLS_VENV/bin/uv" ]; then
  "$QS_PYTHON" -m venv "$QS_TOOLS_VENV"
  "$QS_TOOLS_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "nox>=2025" "uv>=0.5"
fi
QS_TOOLS="$QS_TOOLS_VENV/bin"
export PATH="$QS_TOOLS:$PATH"
# Only package registries are reachable here: uv must use the machine's interpreters.
export UV_PYTHON_DOWNLOADS=never
