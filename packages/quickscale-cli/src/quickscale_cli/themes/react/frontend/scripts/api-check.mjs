// npm run api:check: regenerate the types from openapi.json into a temp file and compare them with the
// committed src/api/schema.d.ts. One line and exit 1 when they differ.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "api-check-"));
const fresh = join(dir, "schema.d.ts");
try {
  execFileSync(process.execPath, ["node_modules/openapi-typescript/bin/cli.js", "openapi.json", "-o", fresh], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  let committed = "";
  try {
    committed = readFileSync("src/api/schema.d.ts", "utf8");
  } catch {
    committed = "";
  }
  if (readFileSync(fresh, "utf8") !== committed) {
    console.error("src/api/schema.d.ts is out of date with openapi.json: run `npm run api:types` and commit it.");
    process.exitCode = 1;
  } else {
    console.log("src/api/schema.d.ts matches openapi.json.");
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
