"""Regenerates the *.http transcripts from protocols.md section 7 (byte-exact) and sections 1-3.

Usage: python3 make-transcripts.py PATH/TO/protocols.md
File format: head lines (LF), a blank line, then the body bytes exactly; U+27C2 marks a read
boundary (the fixture server writes the bytes on each side separately) and is not sent.
"""
import re, os, sys
doc = open(sys.argv[1], encoding='utf-8').read()
sec7 = doc[doc.index('## 7. Fixture transcripts'):doc.index('## 8. Summary')]
def section(tag):
    start = sec7.index('### ' + tag + '.')
    nxt = sec7.find('\n### ', start + 5)
    return sec7[start: nxt if nxt > 0 else len(sec7)]
def blocks(text):
    return [m.group(1) for m in re.finditer(r'```\n(.*?)```', text, re.S)]
def body_of(block):
    lines = block.split('\n')[:-1]  # block ends with '\n' before fence
    return ''.join(l + '\n' for l in lines)
out = os.path.dirname(os.path.abspath(__file__))
def write(provider, name, head_lines, body):
    os.makedirs(f'{out}/{provider}', exist_ok=True)
    data = ('\n'.join(head_lines) + '\n\n').encode() + body.encode('utf-8')
    open(f'{out}/{provider}/{name}.http', 'wb').write(data)
def head_body(block):
    # block holding head, blank line, body
    head, _, body = block.partition('\n\n')
    return head.split('\n'), body
# F1
b = blocks(section('F1'))
write('ollama', 'F1-chat-stream', b[0].strip().split('\n'), body_of(b[1]))
# F2 / F2b
b = blocks(section('F2'))
write('ollama', 'F2-chat-tool-call', b[0].strip().split('\n'), body_of(b[1]))
write('ollama', 'F2b-chat-tool-call-old', b[0].strip().split('\n'), body_of(b[1]).replace('"id":"call_1",', '').replace('"index":0,', ''))
# F3
s = section('F3')
b = blocks(s)
h, body = head_body(b[0]); write('ollama', 'F3a-model-not-found', h, body.rstrip('\n'))
newer = '{"error":"model \\"llama9\\" not found, try pulling it first"}'
write('ollama', 'F3b-model-not-found-newer', ['HTTP/1.1 404 Not Found', 'Content-Type: application/json; charset=utf-8', f'Content-Length: {len(newer.encode())}'], newer)
h, body = head_body(b[1]); write('ollama', 'F3c-mid-stream-error', h, body)
busy = '{"error":"server busy, please try again.  maximum pending requests exceeded"}'
write('ollama', 'F3d-busy', ['HTTP/1.1 503 Service Unavailable', 'Content-Type: application/json; charset=utf-8', f'Content-Length: {len(busy.encode())}'], busy)
# F4
b = blocks(section('F4'))
write('openai', 'F4-chat-stream-usage', b[0].strip().split('\n'), body_of(b[1]))
# F5 CRLF
b = blocks(section('F5'))
write('openai', 'F5-tool-call-crlf', b[0].strip().split('\n'), body_of(b[1]).replace('\n', '\r\n'))
# F6
s = section('F6'); b = blocks(s)
h, body = head_body(b[0]); write('openai', 'F6a-bad-key', h, body)
h, body = head_body(b[1]); write('openai', 'F6b-rate-limited', h, body)
quota = '{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}'
write('openai', 'F6c-quota', ['HTTP/1.1 429 Too Many Requests', 'Content-Type: application/json'], quota + '\n')
h, body = head_body(b[2]); write('openai', 'F6d-mid-stream-error', h, body)
h, body = head_body(b[3]); write('openai-compatible', 'F6e-llamacpp-error-field', h, body)
# F7
b = blocks(section('F7'))
write('azure', 'F7-filter-preamble', b[0].strip().split('\n'), body_of(b[1]))
# F8
s = section('F8'); b = blocks(s)
h, body = head_body(b[0]); write('tabby', 'F8a-completion', h, body)
write('tabby', 'F8b-unauthorized', ['HTTP/1.1 401 Unauthorized', 'Content-Length: 0'], '')
write('tabby', 'F8c-completion-failed', ['HTTP/1.1 400 Bad Request', 'Content-Length: 0'], '')
write('tabby', 'F8d-chat-stream-no-done', b[1].strip().split('\n'), body_of(b[2]))
# F10
write('ollama', 'F10-root', ['HTTP/1.1 200 OK', 'Content-Type: text/plain; charset=utf-8'], 'Ollama is running')
write('ollama', 'F10-version', ['HTTP/1.1 200 OK', 'Content-Type: application/json; charset=utf-8'], '{"version":"0.12.3"}')
write('openai-compatible', 'F10-health-loading', ['HTTP/1.1 503 Service Unavailable', 'Content-Type: application/json'], '{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}')
write('openai-compatible', 'F10-health-ok', ['HTTP/1.1 200 OK', 'Content-Type: application/json'], '{"status":"ok"}')
# Non-streaming and listing bodies: the examples of sections 1-3, compacted onto one line.
J = 'Content-Type: application/json; charset=utf-8'
def js(provider, name, body, status='HTTP/1.1 200 OK', ctype=J):
    write(provider, name, [status, ctype, f'Content-Length: {len(body.encode())}'], body)
js('ollama', 'chat-nonstream', '{"model":"llama3.2","created_at":"2024-07-22T20:33:28.123648Z","message":{"role":"assistant","content":"Hello!"},"done":true,"done_reason":"stop","total_duration":885095291,"load_duration":3753500,"prompt_eval_count":26,"prompt_eval_duration":328493000,"eval_count":12,"eval_duration":552222000}')
js('ollama', 'chat-nonstream-tool-call', '{"model":"qwen3","created_at":"2025-07-07T20:22:19.184789Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}}]},"done":true,"done_reason":"stop","prompt_eval_count":169,"eval_count":15}')
js('ollama', 'generate-nonstream', '{"model":"codellama","created_at":"2024-07-22T20:33:28.123648Z","response":"if n <= 1:\\n        return n","done":true,"done_reason":"stop","context":[1,2,3],"eval_count":9}')
js('ollama', 'embed', '{"model":"all-minilm","embeddings":[[0.01,-0.002,0.05],[0.5,0.25,-0.125]],"total_duration":14143917,"load_duration":1019500,"prompt_eval_count":8}')
js('ollama', 'tags', '{"models":[{"name":"codellama:13b","model":"codellama:13b","modified_at":"2023-11-04T14:56:49.277302595-07:00","size":7365960935,"digest":"9f43","details":{"parent_model":"","format":"gguf","family":"llama","families":null,"parameter_size":"13B","quantization_level":"Q4_0"}},{"name":"all-minilm:latest","size":45960996,"details":{"family":"bert","families":["bert"]}}]}')
js('ollama', 'show', '{"modelfile":"FROM llama3.2","parameters":"stop \\"<|eot_id|>\\"","template":"{{ .Prompt }}","details":{"parent_model":"","format":"gguf","family":"llama","families":["llama"],"parameter_size":"3.2B","quantization_level":"Q4_K_M"},"model_info":{"general.architecture":"llama","general.parameter_count":3212749888,"llama.context_length":131072,"llama.embedding_length":3072},"capabilities":["completion","tools"],"modified_at":"2025-01-01T00:00:00Z"}')
js('openai', 'chat-nonstream', '{"id":"chatcmpl-9abc","object":"chat.completion","created":1718000000,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"Hi!","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}},"system_fingerprint":"fp_x"}', ctype='Content-Type: application/json')
js('openai', 'chat-nonstream-tool-call', '{"id":"chatcmpl-9abd","object":"chat.completion","created":1718000000,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_abc123","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},"logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":50,"completion_tokens":17,"total_tokens":67}}', ctype='Content-Type: application/json')
js('openai', 'completions', '{"id":"cmpl-1","object":"text_completion","created":1718000000,"model":"gpt-3.5-turbo-instruct","choices":[{"text":"if n <= 1:\\n        return n","index":0,"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":9,"total_tokens":14}}', ctype='Content-Type: application/json')
js('openai', 'embeddings', '{"object":"list","data":[{"object":"embedding","index":1,"embedding":[0.5,0.25]},{"object":"embedding","index":0,"embedding":[0.0023,-0.0093]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":5,"total_tokens":5}}', ctype='Content-Type: application/json')
js('openai', 'models', '{"object":"list","data":[{"id":"gpt-4o-mini","object":"model","created":1721172741,"owned_by":"system"},{"id":"text-embedding-3-small","object":"model","created":1705948997,"owned_by":"system"}]}', ctype='Content-Type: application/json')
js('tabby', 'health', '{"model":"TabbyML/StarCoder-1B","chat_model":"TabbyML/Qwen2-1.5B-Instruct","chat_device":"cuda","device":"cuda","arch":"x86_64","cpu_info":"...","cpu_count":16,"cuda_devices":["NVIDIA ..."],"version":{"build_date":"2024-10-01","build_timestamp":"...","git_sha":"...","git_describe":"v0.18.0"},"webserver":true}', ctype='Content-Type: application/json')
js('tabby', 'models', '{"completion":["TabbyML/StarCoder-1B"],"chat":null}', ctype='Content-Type: application/json')
