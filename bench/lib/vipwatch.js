#!/usr/bin/env node
// VIP watcher for bench/failover.ts, run INSIDE one ingress namespace: every
// --interval ms, reads this namespace's addresses (os.networkInterfaces, a
// netlink dump: far cheaper than spawning `ip` 50 times a second) and prints
// a JSON line whenever the set of VIPs held changes (and once at start):
//   {"t":<epoch ms>,"ipv4":true,"ipv6":false}
// Only interfaces that are UP and RUNNING are listed by libuv, so VIPs left on
// a downed interface count as not held (they cannot answer anyway).
// Stops when stdin closes or after --max-seconds. Plain Node.js, no deps.
"use strict";
const os = require("node:os");
const { parseArgs } = require("node:util");

const { values: opt } = parseArgs({
  options: {
    v4: { type: "string" },
    v6: { type: "string" },
    interval: { type: "string", default: "20" },
    "max-seconds": { type: "string", default: "1800" },
  },
});
const v4 = (opt.v4 || "").toLowerCase();
const v6 = (opt.v6 || "").toLowerCase();
const deadline = Date.now() + Number(opt["max-seconds"]) * 1000;
const now = () => performance.timeOrigin + performance.now();
let last = "";

function sample() {
  const held = { ipv4: false, ipv6: false };
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs || []) {
      const addr = a.address.toLowerCase();
      if (addr === v4) held.ipv4 = true;
      if (addr === v6) held.ipv6 = true;
    }
  }
  const key = `${held.ipv4}/${held.ipv6}`;
  if (key !== last) {
    last = key;
    process.stdout.write(JSON.stringify({ t: Math.round(now() * 10) / 10, ...held }) + "\n");
  }
}

const timer = setInterval(() => {
  if (Date.now() >= deadline) process.exit(0);
  sample();
}, Number(opt.interval));
sample();
const stop = () => {
  clearInterval(timer);
  process.exit(0);
};
process.stdin.on("close", stop);
process.stdin.on("end", stop);
process.stdin.resume();
