#!/bin/sh
# Maven runs this before building the admin app: the machine's Node and npm are used (nothing is downloaded).
need="20.19.0"
hint="install Node $need or newer with npm 11 (Debian: apt-get install nodejs npm, or nodesource), or build the backend only with -Dadmin.ui.skip=true"
if ! command -v node >/dev/null 2>&1; then
  echo "admin-ui: node is not installed; $hint" >&2; exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "admin-ui: npm is not installed; $hint" >&2; exit 1
fi
have=$(node -p 'process.versions.node')
if ! node -e '
  const [a, b] = process.argv.slice(1).map(v => v.split(".").map(Number));
  process.exit(a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] >= b[2]))) ? 0 : 1);
' "$have" "$need"; then
  echo "admin-ui: Node $have is too old (the build needs $need or newer); $hint" >&2; exit 1
fi
npm_major=$(npm --version | cut -d. -f1)
if [ "$npm_major" -lt 11 ]; then
  echo "admin-ui: npm $(npm --version) is too old (Vite 8 installs with npm 11 or newer); $hint" >&2; exit 1
fi
