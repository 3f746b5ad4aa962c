#!/usr/bin/env node
// Dual-stack demo web app: tells each client who answered and how it was reached.
// Plain Node.js, no dependencies, no build step. Configured by environment (12-factor):
//   NODE_NAME (required), PORT (default 8080), BIND (default "::", dual-stack).
"use strict";
const http = require("node:http");

const nodeName = process.env.NODE_NAME;
if (!nodeName) {
  console.error("demo-app: NODE_NAME is required (the name this node reports), e.g. NODE_NAME=web1");
  process.exit(1);
}
const port = Number(process.env.PORT || 8080);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`demo-app: PORT must be an integer 1..65535, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}
const bind = process.env.BIND || "::";

// A dual-stack socket sees IPv4 peers as IPv4-mapped IPv6 (::ffff:10.0.0.1):
// report those as what they are, plain IPv4.
function peer(address, family) {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address || "");
  if (mapped) return { address: mapped[1], family: "IPv4" };
  return { address: address || "", family: family === "IPv6" || family === 6 ? "IPv6" : "IPv4" };
}

const server = http.createServer((req, res) => {
  const path = (req.url || "/").split("?")[0];
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain" }).end("method not allowed\n");
    return;
  }
  if (path === "/healthz") {
    res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    return;
  }
  if (path !== "/") {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
    return;
  }
  const client = peer(req.socket.remoteAddress, req.socket.remoteFamily);
  const local = peer(req.socket.localAddress, req.socket.remoteFamily);
  const forwardedFor = req.headers["x-forwarded-for"] || null;
  if ((req.headers.accept || "").includes("application/json")) {
    const body = { node: nodeName, client, forwardedFor, server: { ...local, port: req.socket.localPort } };
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body) + "\n");
    return;
  }
  const via = forwardedFor || "direct";
  res.writeHead(200, { "Content-Type": "text/plain" });
  res.end(`node=${nodeName} client=${client.address} family=${client.family} via=${via}\n`);
});

server.on("error", (err) => {
  console.error(`demo-app: cannot listen on [${bind}]:${port}: ${err.message}`);
  process.exit(1);
});

// ipv6Only: false -> one socket on "::" accepts both IPv6 and IPv4 clients.
server.listen({ host: bind, port, ipv6Only: false }, () => {
  console.log(`demo-app: node=${nodeName} listening on [${bind}]:${port}`);
});

function shutdown(signal) {
  console.log(`demo-app: ${signal}, shutting down`);
  server.close(() => process.exit(0));
  server.closeAllConnections(); // idle keep-alive sockets would hold close() open
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
