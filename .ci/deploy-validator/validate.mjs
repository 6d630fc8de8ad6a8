// Validates every object in deploy/k8s against the Kubernetes OpenAPI schema of its apiVersion and kind (the
// kubernetes-models package), and the kustomization's resource list. Exits non-zero on the first broken file, naming
// the file, the object and the problem.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseAllDocuments } from "yaml";

const folder = resolve(process.argv[2] ?? "deploy/k8s");
let failures = 0;
let objects = 0;

for (const file of readdirSync(folder).filter((f) => f.endsWith(".yaml")).sort()) {
  const path = join(folder, file);
  const documents = parseAllDocuments(readFileSync(path, "utf8"));
  for (const document of documents) {
    if (document.errors.length > 0) {
      fail(file, "(yaml)", document.errors.map((e) => e.message).join("; "));
      continue;
    }
    const object = document.toJS();
    if (object === null) continue;
    const { apiVersion, kind } = object;
    const name = `${kind ?? "?"}/${object.metadata?.name ?? "?"}`;
    if (apiVersion === "kustomize.config.k8s.io/v1beta1" && kind === "Kustomization") {
      for (const resource of object.resources ?? []) {
        if (!existsSync(join(folder, resource))) fail(file, name, `resource ${resource} does not exist`);
      }
      objects++;
      continue;
    }
    if (typeof apiVersion !== "string" || typeof kind !== "string") {
      fail(file, name, "apiVersion and kind are required");
      continue;
    }
    const modulePath = `kubernetes-models/${apiVersion}/${kind}`;
    let Model;
    try {
      Model = (await import(modulePath))[kind];
    } catch {
      fail(file, name, `unknown apiVersion/kind ${apiVersion} ${kind}`);
      continue;
    }
    try {
      new Model(object).validate();
      objects++;
    } catch (error) {
      fail(file, name, error.message);
    }
  }
}

if (failures > 0) {
  console.error(`deploy/k8s: ${failures} problem(s)`);
  process.exit(1);
}
console.log(`deploy/k8s: ${objects} objects valid against the Kubernetes schemas`);

function fail(file, name, message) {
  failures++;
  console.error(`${file}: ${name}: ${message}`);
}
