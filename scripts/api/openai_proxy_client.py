"""Drives the memory proxy of `wm serve` with the official OpenAI Python client (PyPI `openai`) and prints one
JSON report.

Usage:
  $PYTHON scripts/api/openai_proxy_client.py BASE_URL KEY SESSION
      BASE_URL  the server's OpenAI root, e.g. http://127.0.0.1:8080/v1
      KEY       the wm key (sent as the SDK's api_key, i.e. 'Authorization: Bearer KEY')
      SESSION   user/agent/session, sent as the header X-WM-Session

Lists the models, sends one plain call and one streamed call (with the usage chunk), then a call without a
session (the proxy's 400, as the SDK raises it). The Swift test ProxyPythonClientTests checks the report.
"""

import json
import sys

import openai
from openai import OpenAI


def main():
    base_url, key, session = sys.argv[1:4]
    client = OpenAI(base_url=base_url, api_key=key, max_retries=0, default_headers={"X-WM-Session": session})
    report = {"openai": openai.__version__}
    report["models"] = [m.id for m in client.models.list()]

    plain = client.chat.completions.create(
        model="echo",
        messages=[{"role": "system", "content": "Be brief."},
                  {"role": "user", "content": "My sister Ana lives in Porto."}])
    report["plain"] = {"content": plain.choices[0].message.content, "finish_reason": plain.choices[0].finish_reason}

    pieces, usage, chunks = [], None, 0
    stream = client.chat.completions.create(
        model="echo", stream=True, stream_options={"include_usage": True},
        messages=[{"role": "user", "content": "A long forgotten history the memory never saw."},
                  {"role": "assistant", "content": "Indeed."},
                  {"role": "user", "content": "Where does Ana live?"}])
    for chunk in stream:
        chunks += 1
        if chunk.choices and chunk.choices[0].delta.content:
            pieces.append(chunk.choices[0].delta.content)
        if chunk.usage is not None:
            usage = chunk.usage.model_dump()
    report["streamed"] = {"content": "".join(pieces), "chunks": chunks, "usage": usage}

    bare = OpenAI(base_url=base_url, api_key=key, max_retries=0)
    try:
        bare.chat.completions.create(model="echo", messages=[{"role": "user", "content": "Hi."}])
        report["no_session"] = {"raised": None}
    except openai.APIStatusError as e:
        report["no_session"] = {"raised": type(e).__name__, "status": e.status_code, "message": e.message}

    print(json.dumps(report))


if __name__ == "__main__":
    main()
