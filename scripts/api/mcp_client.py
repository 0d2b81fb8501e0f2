"""Drives the memory's MCP server with the official MCP Python client (PyPI `mcp`) and prints one JSON report.

Usage:
  $PYTHON scripts/api/mcp_client.py stdio WM_BINARY DATABASE     # starts `WM_BINARY mcp --db DATABASE --session python`
  $PYTHON scripts/api/mcp_client.py http URL [NAME=VALUE ...]    # streamable HTTP, e.g. http://127.0.0.1:8080/mcp
                                                             #   "Authorization=Bearer KEY" "X-WM-Session=python"

Initializes, lists the tools, calls remember, recall, set_fact and a bad get_context, reads memory://facts.
The Swift test MCPPythonClientTests runs the stdio form and checks the report.
"""

import asyncio
import contextlib
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def wire(model):
    """A result as it travels (camelCase names), whatever the version of the package."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def tool_result(result):
    d = wire(result)
    text = "".join(part.get("text", "") for part in d.get("content", []))
    return {"isError": bool(d.get("isError", False)), "text": text}


def http_transport(url, headers):
    try:  # mcp 2: the transport takes a configured HTTP client
        import httpx2
        from mcp.client.streamable_http import streamable_http_client
        return streamable_http_client(url, http_client=httpx2.AsyncClient(headers=headers))
    except ImportError:  # mcp 1
        from mcp.client.streamable_http import streamablehttp_client
        return streamablehttp_client(url, headers=headers)


async def exercise(streams):
    report = {}
    async with ClientSession(streams[0], streams[1]) as session:
        init = wire(await session.initialize())
        report["server"] = init["serverInfo"]["name"]
        report["tools"] = [t.name for t in (await session.list_tools()).tools]
        report["remember"] = tool_result(await session.call_tool("remember", {"text": "我下周去上海开会。", "pin": True}))
        report["recall"] = tool_result(await session.call_tool("recall", {"query": "上海 开会", "limit": 3}))
        report["set_fact"] = tool_result(await session.call_tool("set_fact", {"entity": "user", "attribute": "city", "value": "Porto"}))
        report["bad"] = tool_result(await session.call_tool("get_context", {"query": "where?", "budget": 0}))
        facts = wire(await session.read_resource("memory://facts"))
        report["facts"] = facts["contents"][0]["text"]
    return report


async def main(argv):
    if len(argv) >= 3 and argv[0] == "stdio":
        params = StdioServerParameters(command=argv[1], args=["mcp", "--db", argv[2], "--session", "python"])
        transport = stdio_client(params)
    elif len(argv) >= 2 and argv[0] == "http":
        headers = dict(h.split("=", 1) for h in argv[2:])
        transport = http_transport(argv[1], headers)
    else:
        sys.exit(__doc__)
    async with contextlib.AsyncExitStack() as stack:
        streams = await stack.enter_async_context(transport)
        report = await exercise(streams)
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
