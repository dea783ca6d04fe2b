// Drives a Blastwall MCP server with the official TypeScript SDK client and prints what it saw as one JSON object
// on stdout, for McpClientIntegrationTest to assert on. It asserts nothing itself: the Java test does.
//
// Environment:
//   BW_MODE          http | stdio
//   BW_URL           http: the MCP endpoint (http://127.0.0.1:PORT/mcp)
//   BW_TOKEN         http: the bearer token
//   BW_BAD_TOKEN     http: an expired token, to see the refusal
//   BW_COMMAND       stdio: the program to launch as the MCP server (java)
//   BW_ARGS          stdio: its arguments, as a JSON array
//   BW_BAD_ARGS      stdio: the arguments of a launch with an expired token, as a JSON array
//   BW_PLAN          a Terraform plan JSON file to check and propose
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const env = process.env;
const mode = env.BW_MODE;

function transport(bad) {
  if (mode === 'http') {
    return new StreamableHTTPClientTransport(new URL(env.BW_URL), {
      requestInit: { headers: { Authorization: `Bearer ${bad ? env.BW_BAD_TOKEN : env.BW_TOKEN}` } },
    });
  }
  if (mode === 'stdio') {
    return new StdioClientTransport({
      command: env.BW_COMMAND,
      args: JSON.parse(bad ? env.BW_BAD_ARGS : env.BW_ARGS),
      stderr: 'inherit',
    });
  }
  throw new Error(`BW_MODE must be http or stdio, was ${mode}`);
}

function outcome(result) {
  const text = (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
  return { isError: result.isError === true, structured: result.structuredContent ?? null, text };
}

async function call(client, name, args) {
  try {
    return outcome(await client.callTool({ name, arguments: args }));
  } catch (e) {
    // a protocol-level error (not a tool error): recorded so the test can tell the two apart
    return { thrown: String(e?.message ?? e), code: e?.code ?? null };
  }
}

const report = { mode };
const plan = readFileSync(env.BW_PLAN, 'utf8');
const client = new Client({ name: 'blastwall-mcp-test-client', version: '1.0.0' });
await client.connect(transport(false));
report.server = client.getServerVersion();
report.instructions = client.getInstructions() ?? '';
report.tools = (await client.listTools()).tools;
report.resources = (await client.listResources()).resources.map((r) => r.uri);
const index = await client.readResource({ uri: 'blastwall://policies' });
report.policyIndex = JSON.parse(index.contents[0].text);

report.search = await call(client, 'search_estate', { query: 'orders', kind: 'datastore' });
report.describe = await call(client, 'describe_component', { id: 'orders-db-eu-west-1' });
report.blast = await call(client, 'blast_radius', { component: 'orders-db-eu-west-1', action: 'delete' });
report.scale = await call(client, 'blast_radius', { component: 'checkout-api-eu-west-1', action: 'scale', replicas: 1 });
report.check = await call(client, 'check_change', { documents: [{ name: 'plan.json', content: plan }] });
report.propose = await call(client, 'propose_change', {
  documents: [{ name: 'plan.json', content: plan }], title: `recreate orders-db via MCP ${mode}`, sessionId: `sess-${mode}`,
});
const id = report.propose.structured?.id;
report.status = await call(client, 'change_status', { id });
report.explain = await call(client, 'explain_verdict', { id });
report.missingArgument = await call(client, 'describe_component', {});
report.wrongType = await call(client, 'blast_radius', { component: 7, action: 'delete' });
report.unknownTool = await call(client, 'approve_change', { id });
await client.close();

// an expired credential: refused before any tool is served
const refused = new Client({ name: 'blastwall-mcp-test-client', version: '1.0.0' });
try {
  await refused.connect(transport(true));
  report.badToken = { connected: true };
  await refused.close();
} catch (e) {
  report.badToken = { connected: false, error: String(e?.message ?? e), code: e?.code ?? null };
}

process.stdout.write(JSON.stringify(report) + '\n');
