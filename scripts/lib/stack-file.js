// Checks a stack's YAML before the Pulumi CLI reads it, so a syntax error is
// reported with the file, line and column (the CLI says only `yaml: line 1:
// did not find expected key`, whatever the line), and tells the wrapper the
// stack's provider (a lab stack gets the lab's passphrase default).
//
//   node scripts/lib/stack-file.js <project dir> <stack> [<config file>]
//
// The stack's file is <project dir>/Pulumi.<stack>.yaml, or the config file
// given (the CLI's --config-file).
// Exit 0: prints the stack's `dualstack:provider` (empty if unset or no file).
// Exit 2: a syntax error, one line per problem on stderr, e.g.
//   Pulumi.local.yaml:7:5: bad indentation of a mapping entry (line 7: "   count: 3")
// Plain JavaScript (no ts-node): it runs before every CLI call and takes ~50 ms.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { parseDocument } = require("yaml");

/** Syntax problems of one YAML file, each `file:line:col: message (line N: "text")`. */
function yamlProblems(file) {
  const text = fs.readFileSync(file, "utf8");
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const lines = text.split(/\r?\n/);
  return {
    doc,
    problems: doc.errors.map((err) => {
      const [line, col] = err.linePos?.[0] ? [err.linePos[0].line, err.linePos[0].col] : [1, 1];
      const first = err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
      const source = lines[line - 1] === undefined ? "" : ` (line ${line}: ${JSON.stringify(lines[line - 1])})`;
      return `${shown(file)}:${line}:${col}: ${first}${source}`;
    }),
  };
}

/** The file as the user knows it: relative to the working directory when inside it. */
function shown(file) {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

function main([project, stack, configFile]) {
  const stackFile = configFile ? path.resolve(configFile) : stack ? path.join(project, `Pulumi.${stack.split("/").pop()}.yaml`) : undefined;
  const files = [path.join(project, "Pulumi.yaml"), ...(stackFile ? [stackFile] : [])];
  let provider = "";
  const problems = [];
  for (const file of files.filter((f) => fs.existsSync(f))) {
    const checked = yamlProblems(file);
    problems.push(...checked.problems);
    if (!checked.problems.length && file !== files[0]) {
      const value = checked.doc.getIn(["config", "dualstack:provider"]);
      if (typeof value === "string") provider = value;
    }
  }
  if (problems.length) {
    process.stderr.write(`${problems.join("\n")}\nfix the YAML syntax; nothing was run\n`);
    return 2;
  }
  process.stdout.write(`${provider}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
module.exports = { yamlProblems, main };
