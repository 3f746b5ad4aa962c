#!/usr/bin/env node
// Client-side prober for bench/failover.ts, run INSIDE the lab's client
// namespace (ip netns exec). For each family, concurrently: sequential HTTP
// GETs to the VIP, a NEW connection each time (agent: false, so a stale
// keep-alive socket never hides an outage), one attempt every --interval ms
// (sleeping only the remainder), each bounded by --timeout ms. One JSON line
// per attempt on stdout:
//   {"t":<epoch ms at start>,"d":<ms taken>,"family":"ipv4","ok":true,"node":"node-1","client":"10.88.0.10"}
// `client` is the address the node saw, i.e. the ingress host that proxied.
// Stops when stdin closes or after --max-seconds. Plain Node.js, no deps.
"use strict";
const http = require("node:http");
const { parseArgs } = require("node:util");

const { values: opt } = parseArgs({
  options: {
    v4: { type: "string" },
    v6: { type: "string" },
    port: { type: "string", default: "80" },
    interval: { type: "string", default: "10" },
    timeout: { type: "string", default: "150" },
    "max-seconds": { type: "string", default: "1800" },
  },
});
const port = Number(opt.port);
const interval = Number(opt.interval);
const timeout = Number(opt.timeout);
const deadline = Date.now() + Number(opt["max-seconds"]) * 1000;
let stopped = false;

// Same clock as the bench process: epoch ms with sub-ms resolution.
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (ms) => Math.round(ms * 10) / 10;

function get(host) {
  return new Promise((resolve) => {
    let settled = false;
    const done = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = http.get({ host, port, path: "/", agent: false, headers: { Connection: "close" } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => {
        const node = /node=(\S+)/.exec(body);
        const client = /client=(\S+)/.exec(body);
        const ok = res.statusCode === 200 && node !== null;
        done({ ok, node: node ? node[1] : undefined, client: client ? client[1] : undefined, err: ok ? undefined : `HTTP ${res.statusCode}` });
      });
      res.on("error", (err) => done({ ok: false, err: err.code || err.message }));
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ ok: false, err: "timeout" });
    }, timeout);
    req.on("error", (err) => done({ ok: false, err: err.code || err.message }));
  });
}

async function loop(family, host) {
  while (!stopped && Date.now() < deadline) {
    const t = now();
    const r = await get(host);
    const d = now() - t;
    process.stdout.write(JSON.stringify({ t: round(t), d: round(d), family, ...r }) + "\n");
    await sleep(Math.max(0, interval - (now() - t)));
  }
}

process.stdin.on("close", () => (stopped = true));
process.stdin.on("end", () => (stopped = true));
process.stdin.resume();
const loops = [];
if (opt.v4) loops.push(loop("ipv4", opt.v4));
if (opt.v6) loops.push(loop("ipv6", opt.v6));
Promise.all(loops).then(() => process.exit(0));
