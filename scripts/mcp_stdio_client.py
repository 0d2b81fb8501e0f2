"""Drives `wm mcp` with the official MCP Python client (PyPI `mcp`) over a real stdio pipe.

Usage: $PYTHON scripts/mcp_stdio_client.py WM_BINARY DATABASE

Starts `WM_BINARY mcp --db DATABASE --session python`, initializes, lists the tools, calls remember,
recall, set_fact and a bad get_context, reads memory://facts, and prints one JSON report on stdout.
The Swift test MCPPythonClientTests runs it and checks the report.
"""

import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def wire(model):
    """A pydantic model of the client as it travels (camelCase names), in every version of the package."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def tool_result(result):
    d = wire(result)
    text = "".join(part.get("text", "") for part in d.get("content", []))
    return {"isError": bool(d.get("isError", False)), "text": text}


async def main(wm, database):
    params = StdioServerParameters(command=wm, args=["mcp", "--db", database, "--session", "python"])
    report = {}
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = wire(await session.initialize())
            report["server"] = init["serverInfo"]["name"]
            report["tools"] = [t.name for t in (await session.list_tools()).tools]
            report["remember"] = tool_result(await session.call_tool("remember", {"text": "我下周去上海开会。", "pin": True}))
            report["recall"] = tool_result(await session.call_tool("recall", {"query": "上海 开会", "limit": 3}))
            report["set_fact"] = tool_result(await session.call_tool("set_fact", {"entity": "user", "attribute": "city", "value": "Porto"}))
            report["bad"] = tool_result(await session.call_tool("get_context", {"query": "where?", "budget": 0}))
            facts = wire(await session.read_resource("memory://facts"))
            report["facts"] = facts["contents"][0]["text"]
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
