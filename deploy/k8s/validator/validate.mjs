// Validates rendered Kubernetes manifests (multi-document YAML files, as `kubectl kustomize`
// writes them) offline, three ways; exits 1 on the first file with a problem, after listing all
// of that run's problems:
//  1. schema: each object against the JSON schema of its apiVersion and kind, from the
//     kubernetes-models packages (the Kubernetes API's OpenAPI, KEDA's CRDs): types, required
//     fields, enums, formats. An apiVersion/kind without a schema is an error, not a skip.
//  2. strict fields: the same objects as TypeScript object literals of those packages' types,
//     type-checked by the TypeScript compiler, whose excess-property check rejects a field the
//     API does not have (a misspelt `replica:` or `readinesProbe:`), which the schemas allow and
//     an API server would drop or refuse.
//  3. references inside the rendering: selectors match their pod labels; the HPA, the
//     ScaledObject, the PodDisruptionBudgets and the Services select or target something that is
//     rendered; named probe ports exist; ConfigMaps a pod reads are rendered.
// Usage: node validate.mjs <rendered.yaml>...
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import ts from "typescript";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** The module of an apiVersion/kind in the model packages, or null when there is none. */
function modelModule(apiVersion, kind) {
	const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
	const candidates = group === null
		? [`kubernetes-models/${version}/${kind}`]
		: [`kubernetes-models/${group}/${version}/${kind}`, `@kubernetes-models/keda/${group}/${version}/${kind}`];
	for (const candidate of candidates) {
		try {
			require.resolve(candidate);
			return candidate;
		}
		catch {
			// not in this package
		}
	}
	return null;
}

function describe(object) {
	return `${object?.kind ?? "?"}/${object?.metadata?.name ?? "?"}`;
}

async function schemaProblems(objects) {
	const problems = [];
	for (const { file, object } of objects) {
		const module = modelModule(object.apiVersion ?? "", object.kind ?? "");
		if (module === null) {
			problems.push(`${file}: ${describe(object)}: no schema for apiVersion ${object.apiVersion}, kind ${object.kind}`);
			continue;
		}
		const Model = (await import(module))[object.kind];
		try {
			new Model(object).validate();
		}
		catch (error) {
			problems.push(`${file}: ${describe(object)}: ${error.message}`);
		}
	}
	return problems;
}

function strictFieldProblems(objects) {
	// One literal per object, in a scratch file next to node_modules so the packages resolve.
	const lines = [];
	const owners = [];
	objects.forEach(({ file, object }, index) => {
		const module = modelModule(object.apiVersion ?? "", object.kind ?? "");
		if (module === null) {
			return;
		}
		lines.push(`import type { I${object.kind} as T${index} } from "${module}";`);
		owners.push(null);
	});
	objects.forEach(({ file, object }, index) => {
		if (modelModule(object.apiVersion ?? "", object.kind ?? "") === null) {
			return;
		}
		const literal = JSON.stringify(object, null, 1).split("\n");
		literal[0] = `export const o${index}: T${index} = ${literal[0]}`;
		literal[literal.length - 1] += ";";
		for (const line of literal) {
			lines.push(line);
			owners.push(`${file}: ${describe(object)}`);
		}
	});
	const scratch = path.join(here, `.rendered-${process.pid}.ts`);
	fs.writeFileSync(scratch, lines.join("\n") + "\n");
	try {
		const program = ts.createProgram([scratch], {
			noEmit: true,
			strict: true,
			target: ts.ScriptTarget.ES2022,
			module: ts.ModuleKind.ESNext,
			moduleResolution: ts.ModuleResolutionKind.Bundler,
			skipLibCheck: true,
			types: [],
		});
		return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
			const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
			if (diagnostic.file === undefined || diagnostic.start === undefined) {
				return message;
			}
			const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
			const property = diagnostic.file.text.split("\n")[line].trim();
			return `${owners[line] ?? diagnostic.file.fileName}: ${message} (at ${property})`;
		});
	}
	finally {
		fs.rmSync(scratch, { force: true });
	}
}

function matches(selector, labels) {
	return Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value);
}

function referenceProblems(objects) {
	const problems = [];
	const byKind = (kind) => objects.filter(({ object }) => object.kind === kind);
	const named = (kind, name, namespace) => byKind(kind)
		.some(({ object }) => object.metadata?.name === name && object.metadata?.namespace === namespace);
	const workloads = objects.filter(({ object }) => ["Deployment", "StatefulSet", "Job"].includes(object.kind));
	for (const { file, object } of workloads) {
		const namespace = object.metadata?.namespace;
		const template = object.spec?.template;
		if (object.kind !== "Job" && !matches(object.spec?.selector?.matchLabels, template?.metadata?.labels)) {
			problems.push(`${file}: ${describe(object)}: selector does not match the pod template's labels`);
		}
		for (const container of template?.spec?.containers ?? []) {
			const ports = new Set((container.ports ?? []).map((port) => port.name));
			for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
				const port = container[probe]?.httpGet?.port;
				if (typeof port === "string" && !ports.has(port)) {
					problems.push(`${file}: ${describe(object)}: ${probe} names port ${port}, which ${container.name} does not have`);
				}
			}
			const configMaps = [
				...(container.envFrom ?? []).map((source) => source.configMapRef?.name),
				...(container.env ?? []).map((variable) => variable.valueFrom?.configMapKeyRef?.name),
			].filter(Boolean);
			for (const name of configMaps) {
				if (!named("ConfigMap", name, namespace)) {
					problems.push(`${file}: ${describe(object)}: reads ConfigMap ${name}, which is not rendered`);
				}
			}
		}
		for (const volume of template?.spec?.volumes ?? []) {
			if (volume.configMap && !named("ConfigMap", volume.configMap.name, namespace)) {
				problems.push(`${file}: ${describe(object)}: mounts ConfigMap ${volume.configMap.name}, which is not rendered`);
			}
		}
	}
	const selects = (selector, namespace) => workloads.some(({ object }) => object.kind !== "Job"
		&& object.metadata?.namespace === namespace && matches(selector, object.spec?.template?.metadata?.labels));
	for (const { file, object } of [...byKind("PodDisruptionBudget"), ...byKind("Service")]) {
		const selector = object.kind === "Service" ? object.spec?.selector : object.spec?.selector?.matchLabels;
		if (!selector || !selects(selector, object.metadata?.namespace)) {
			problems.push(`${file}: ${describe(object)}: selects no rendered workload`);
		}
	}
	for (const { file, object } of [...byKind("HorizontalPodAutoscaler"), ...byKind("ScaledObject")]) {
		const target = object.spec?.scaleTargetRef;
		if (!named(target?.kind ?? "Deployment", target?.name, object.metadata?.namespace)) {
			problems.push(`${file}: ${describe(object)}: scales ${target?.kind ?? "Deployment"}/${target?.name}, which is not rendered`);
		}
	}
	return problems;
}

const files = process.argv.slice(2);
if (files.length === 0) {
	console.error("usage: node validate.mjs <rendered.yaml>...");
	process.exit(2);
}
const objects = [];
const problems = [];
for (const file of files) {
	for (const document of parseAllDocuments(fs.readFileSync(file, "utf8"))) {
		if (document.errors.length > 0) {
			problems.push(`${file}: ${document.errors.map((error) => error.message).join("; ")}`);
			continue;
		}
		const object = document.toJS();
		if (object !== null) {
			objects.push({ file, object });
		}
	}
}
problems.push(...await schemaProblems(objects), ...strictFieldProblems(objects));
for (const file of files) {
	// One rendering is one deployment: references are resolved inside it only.
	problems.push(...referenceProblems(objects.filter((entry) => entry.file === file)));
}
for (const problem of problems) {
	console.error(`INVALID ${problem}`);
}
if (problems.length > 0) {
	process.exit(1);
}
console.log(`valid: ${objects.length} objects (${[...new Set(objects.map(({ object }) => object.kind))].sort().join(", ")})`);
