#!/usr/bin/env bash
# Renders the Kubernetes manifests (the base and every overlay, with `kubectl kustomize`) and
# validates every rendered object offline (validator/validate.mjs): against the Kubernetes API's
# and KEDA's CRD schemas (npm packages kubernetes-models and @kubernetes-models/keda), strictly
# for unknown fields (TypeScript's check of the same packages' types), and for references inside
# each rendering. Then checks the validator itself: a copy with known mistakes must be refused,
# each for its reason. No cluster is needed or contacted. Exit status 0 only when all passed.
#   deploy/k8s/validate.sh
# Needs kubectl (or kustomize), node and npm; installs the validator's packages
# (validator/package-lock.json) on the first run.
set -euo pipefail
cd "$(dirname "$0")"

started=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

render() {
  if command -v kubectl >/dev/null; then
    kubectl kustomize "$1"
  else
    kustomize build "$1"
  fi
}

if [[ ! -d validator/node_modules ]]; then
  echo "Installing the validator's packages (npm ci)..."
  (cd validator && npm ci --no-audit --no-fund --loglevel=error)
fi

renderings=()
for dir in base overlays/*/; do
  dir=${dir%/}
  out="$work/${dir//\//_}.yaml"
  render "$dir" >"$out"
  renderings+=("$out")
  echo "rendered $dir: $(grep -c '^kind:' "$out") objects"
done

echo "validating..."
node validator/validate.mjs "${renderings[@]}"

# The validator must refuse a broken manifest, and for the right reasons: a misspelt field, a
# wrong type in a Kubernetes object and in KEDA's, a probe on a port the container does not
# have, an autoscaler aimed at nothing, an unknown kind.
example="$work/overlays_example.yaml"
broken="$work/broken.yaml"
sed -e '0,/^  replicas: 2$/s//  replica: 2/' \
  -e 's/^  minReplicaCount: 1$/  minReplicaCount: one/' \
  -e '0,/^  maxReplicas: 6$/s//  maxReplicas: "6"/' \
  -e '0,/port: management$/s//port: actuator/' \
  -e '/^kind: ScaledObject$/,/^---$/s/^    name: predictor-worker$/    name: predictor/' \
  -e '0,/^kind: PodDisruptionBudget$/s//kind: PodDisruptionBuget/' \
  "$example" >"$broken"
expected=(
  "'\"replica\"' does not exist in type 'IDeploymentSpec'"
  "data/spec/minReplicaCount must be integer"
  "data/spec/maxReplicas must be integer"
  "names port actuator"
  "scales Deployment/predictor, which is not rendered"
  "no schema for apiVersion policy/v1, kind PodDisruptionBuget"
)
if node validator/validate.mjs "$broken" >"$work/broken.out" 2>&1; then
  echo "FAILED: the validator accepted a broken manifest" >&2
  exit 1
fi
for reason in "${expected[@]}"; do
  if ! grep -qF -- "$reason" "$work/broken.out"; then
    echo "FAILED: the broken manifest was refused, but not for: $reason" >&2
    cat "$work/broken.out" >&2
    exit 1
  fi
done
echo "self-check: a broken copy was refused for all ${#expected[@]} planted mistakes"
echo "all valid ($(( $(date +%s) - started )) s)"
