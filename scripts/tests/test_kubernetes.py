#!/usr/bin/env python3
"""Checks of deploy/kubernetes/, offline (no cluster).

- every manifest validates against the Kubernetes OpenAPI schemas, strictly (unknown fields refused), for the oldest
  and the newest Kubernetes version `kubernetes-validate` bundles; the schemas ship inside that PyPI package, and the
  validation runs with the network disabled in this process to prove it. A deliberately broken Deployment must fail,
  so a validator that accepts everything fails the check too;
- kustomization.yaml lists every other file in the folder, and only those; when kubectl is installed,
  `kubectl kustomize` renders the folder and its output validates too (skipped with a message otherwise);
- the ConfigMap's pipeline is pipelines/default.yaml except `calibration:`, which is the absolute path where
  deploy/Containerfile puts models/calibration/default.json;
- the Deployment's grace period exceeds its preStop sleep plus CAMO_TIMEOUT, its probes are /readyz and /healthz, and
  its pods run as the image's user; the Jobs are Indexed with one shard per completion, and every option they pass
  to camo is one `camo … --help` lists (when .build/release/camo exists).

Usage: test_kubernetes.py [FOLDER]   (default deploy/kubernetes)
Prints what it checked; exits 1 with the failures listed. Needs `kubernetes-validate` and PyYAML
(scripts/install-deps.sh tests). Environment: CAMO_BIN (default .build/release/camo).
"""
import copy
import os
import re
import shutil
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklist import REPO, check, fail, finish, shown  # noqa: E402

FOLDER = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(REPO, "deploy", "kubernetes")
CONTAINERFILE = os.path.join(REPO, "deploy", "Containerfile")
CAMO = os.path.abspath(os.environ.get("CAMO_BIN", os.path.join(REPO, ".build/release/camo")))

try:
    import yaml
    import kubernetes_validate
    from kubernetes_validate import utils as kv
except ImportError as error:
    sys.exit(f"FAILED: {error.name} is not installed: run scripts/install-deps.sh tests (it installs kubernetes-validate)")


class NoNetwork:
    """Makes every connection and name lookup of this process fail while it is active."""

    def __enter__(self):
        self.saved = socket.socket.connect, socket.create_connection, socket.getaddrinfo

        def refuse(*args, **kwargs):
            raise OSError("network disabled during offline validation")
        socket.socket.connect, socket.create_connection, socket.getaddrinfo = refuse, refuse, refuse

    def __exit__(self, *exc):
        socket.socket.connect, socket.create_connection, socket.getaddrinfo = self.saved


def load_documents(path):
    with open(path) as handle:
        return [d for d in yaml.safe_load_all(handle) if d is not None]


def validate(document, version):
    """None when valid, else the validator's message."""
    try:
        kv.validate(document, version, strict=True)
        return None
    except kv.ValidationError as error:
        where = "/".join(str(p) for p in error.path) or "(top)"
        return f"{where}: {error.message}"
    except kv.SchemaNotFoundError as error:
        return error.message


def kind_name(document):
    return f"{document.get('kind')}/{document.get('metadata', {}).get('name')}"


def check_schemas(files, versions):
    print(f"OpenAPI schemas (kubernetes-validate {kubernetes_validate.__version__}, strict, Kubernetes "
          f"{' and '.join(versions)}, network disabled):")
    documents = {}
    with NoNetwork():
        for name in files:
            for document in load_documents(os.path.join(FOLDER, name)):
                documents.setdefault(name, []).append(document)
                for version in versions:
                    error = validate(document, version)
                    check(error is None, f"{name}: {kind_name(document)} is valid for {version}", error or "")
        # The negative control: a validator that accepts anything must not pass this check.
        deployment = next(d for docs in documents.values() for d in docs if d.get("kind") == "Deployment")
        broken = copy.deepcopy(deployment)
        broken["spec"]["replica"] = 3                       # unknown field
        broken["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "8080"  # wrong type
        errors = [validate(broken, version) for version in versions]
        check(all(errors), "a Deployment with an unknown field and a string port is refused",
              "the validator accepted it")
    return documents


def check_kustomization(files):
    print("kustomization.yaml:")
    path = os.path.join(FOLDER, "kustomization.yaml")
    if not check(os.path.exists(path), "deploy/kubernetes/kustomization.yaml exists"):
        return
    with open(path) as handle:
        kustomization = yaml.safe_load(handle)
    check(kustomization.get("kind") == "Kustomization"
          and str(kustomization.get("apiVersion", "")).startswith("kustomize.config.k8s.io/"),
          "it is a kustomize.config.k8s.io Kustomization")
    listed = kustomization.get("resources", [])
    check(len(listed) == len(set(listed)), "it lists no file twice", str(listed))
    present = sorted(name for name in os.listdir(FOLDER)
                     if name != "kustomization.yaml" and not name.startswith("."))
    missing = [name for name in present if name not in listed]
    absent = [name for name in listed if name not in present]
    check(not missing, f"it lists every file of the folder ({len(present)}: {', '.join(present)})",
          "not listed: " + ", ".join(missing))
    check(not absent, "every file it lists exists", "absent: " + ", ".join(absent))
    unknown = set(kustomization) - {"apiVersion", "kind", "resources", "images", "namespace", "labels",
                                    "commonLabels", "commonAnnotations", "patches", "configMapGenerator",
                                    "secretGenerator", "generatorOptions", "replicas", "namePrefix", "nameSuffix"}
    check(not unknown, "it uses only known kustomize fields", ", ".join(sorted(unknown)))


def check_kustomize_build(versions):
    kubectl = shutil.which("kubectl")
    if not kubectl:
        print("  skip  kubectl is not installed: `kubectl kustomize deploy/kubernetes` not run")
        return
    result = subprocess.run([kubectl, "kustomize", FOLDER], capture_output=True, text=True)
    if not check(result.returncode == 0, "kubectl kustomize deploy/kubernetes renders the folder",
                 result.stderr.strip()):
        return
    rendered = [d for d in yaml.safe_load_all(result.stdout) if d]
    with NoNetwork():
        errors = [(kind_name(d), v, validate(d, v)) for d in rendered for v in versions]
    bad = [f"{k} ({v}): {e}" for k, v, e in errors if e]
    check(not bad, f"its {len(rendered)} rendered resources are valid too", "; ".join(bad))


def containerfile_facts():
    """(USER, where models/calibration/*.json go) from deploy/Containerfile."""
    with open(CONTAINERFILE) as handle:
        text = handle.read()
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    calibration = re.search(r"^COPY\s+models/calibration/\S*\s+(\S+)", text, re.M)
    return (users[-1] if users else None), (calibration.group(1) if calibration else None)


def first(documents, kind, name=None):
    for docs in documents.values():
        for document in docs:
            if document.get("kind") == kind and (name is None or document["metadata"]["name"] == name):
                return document
    return None


def env_of(container):
    return {e["name"]: e.get("value") for e in container.get("env", [])}


def check_consistency(documents):
    print("Consistency with the repository and the image:")
    user, calibration_folder = containerfile_facts()

    configmap = first(documents, "ConfigMap", "camo-pipeline")
    if check(configmap is not None and "pipeline.yaml" in configmap.get("data", {}),
             "ConfigMap camo-pipeline holds pipeline.yaml"):
        pipeline = yaml.safe_load(configmap["data"]["pipeline.yaml"])
        with open(os.path.join(REPO, "pipelines", "default.yaml")) as handle:
            default = yaml.safe_load(handle)
        differing = sorted(k for k in set(pipeline) | set(default)
                           if k != "calibration" and pipeline.get(k) != default.get(k))
        check(not differing, "its pipeline is pipelines/default.yaml apart from `calibration:`",
              "differs in " + ", ".join(differing))
        expected = (calibration_folder.rstrip("/") + "/default.json") if calibration_folder else None
        check(pipeline.get("calibration") == expected,
              f"its calibration is {pipeline.get('calibration')}, where deploy/Containerfile puts "
              "models/calibration/default.json", f"expected {expected}")
        check(os.path.exists(os.path.join(REPO, "models", "calibration", "default.json")),
              "models/calibration/default.json exists in the repository")

    deployment = first(documents, "Deployment", "camo")
    if not check(deployment is not None, "Deployment camo exists"):
        return
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    env = env_of(container)
    timeout = int(env.get("CAMO_TIMEOUT") or 30)
    pre_stop = container.get("lifecycle", {}).get("preStop", {})
    sleep = pre_stop.get("sleep", {}).get("seconds")
    if sleep is None:
        command = pre_stop.get("exec", {}).get("command", [])
        sleep = int(command[1]) if len(command) == 2 and command[0] == "sleep" else 0
    check(sleep > 0, f"preStop sleeps {sleep} s before SIGTERM")
    grace = pod.get("terminationGracePeriodSeconds", 30)
    check(grace > sleep + timeout, f"terminationGracePeriodSeconds {grace} > preStop {sleep} s + CAMO_TIMEOUT {timeout} s")
    check(container.get("readinessProbe", {}).get("httpGet", {}).get("path") == "/readyz", "readiness probe on /readyz")
    check(container.get("livenessProbe", {}).get("httpGet", {}).get("path") == "/healthz", "liveness probe on /healthz")
    run_as = pod.get("securityContext", {}).get("runAsUser")
    check(user is not None and str(run_as) == user.split(":")[0],
          f"pods run as user {run_as}, the image's USER {user}")
    check(container.get("securityContext", {}).get("readOnlyRootFilesystem") is True, "read-only root filesystem")

    print("Jobs:")
    for job in (d for docs in documents.values() for d in docs if d.get("kind") == "Job"):
        spec = job["spec"]
        name = job["metadata"]["name"]
        main = spec["template"]["spec"]["containers"][0]
        args = [str(a) for a in main.get("args", [])]
        if "--shard" in args or spec.get("completionMode") == "Indexed":
            n = spec.get("completions")
            shard = args[args.index("--shard") + 1] if "--shard" in args else None
            check(spec.get("completionMode") == "Indexed" and shard == f"$(JOB_COMPLETION_INDEX)/{n}",
                  f"{name}: completionMode Indexed, {n} completions, --shard $(JOB_COMPLETION_INDEX)/{n}",
                  f"completionMode {spec.get('completionMode')}, --shard {shard}")
            check("JOB_COMPLETION_INDEX" in env_of(main),
                  f"{name}: JOB_COMPLETION_INDEX is declared in the container's env, so $(…) in args expands")
        check_camo_arguments(name, main.get("command", []), args)


def check_camo_arguments(name, command, args):
    """Every --option the Job passes is listed by `camo <subcommand> --help`."""
    if command[:1] != ["camo"]:
        return
    if not os.path.exists(CAMO):
        print(f"  skip  {name}: {shown(CAMO)} does not exist, its options not checked against --help")
        return
    words = []
    for arg in args:
        if arg.startswith("-") or "/" in arg:
            break
        words.append(arg)
    result = subprocess.run([CAMO, *words, "--help"], capture_output=True, text=True)
    options = sorted({a.split("=")[0] for a in args if a.startswith("--")})
    unknown = [o for o in options if not re.search(re.escape(o) + r"\b", result.stdout)]
    check(result.returncode == 0 and not unknown,
          f"{name}: `camo {' '.join(words)}` accepts {' '.join(options)}",
          ("unknown: " + " ".join(unknown)) if unknown else result.stderr.strip())


def main():
    print(f"Checking {shown(FOLDER)} (offline: no cluster)")
    files = sorted(n for n in os.listdir(FOLDER)
                   if n.endswith((".yaml", ".yml")) and n != "kustomization.yaml")
    versions = kv.all_versions()
    versions = [versions[0], versions[-1]]
    documents = check_schemas(files, versions)
    check_kustomization(files)
    check_kustomize_build(versions)
    check_consistency(documents)
    finish(FOLDER)


if __name__ == "__main__":
    main()
