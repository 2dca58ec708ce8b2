#!/usr/bin/env python3
"""Renders deploy/overlays/example with kustomize and checks what the kubelet and the cluster will hold it to.

Run by `make test` (scripts/test.sh). Fails when rendering fails or when any rule below is broken; every broken rule
is printed, not only the first. The rules are those of issue 12 §3:
- every pod template runs as a numeric non-root user (the user its image is built with), with the RuntimeDefault
  seccomp profile; every container has a read-only root filesystem, no privilege escalation, all capabilities
  dropped;
- the API and the worker have liveness and readiness probes and Prometheus scrape annotations on a declared port,
  and the example overlay runs two of each;
- the control plane's namespace enforces the restricted Pod Security level and denies traffic by default;
- the worker's ClusterRole holds no proxy subresources, no namespace writes beyond create, no list/watch of Secrets;
- every ConfigMap key under ControlPlane__Provisioning__Kubernetes__ names an option of KubernetesDriverOptions
  (a misspelt key is silently ignored by configuration binding).
"""
import os
import re
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OVERLAY = os.path.join(ROOT, "deploy", "overlays", "example")
DOCKERFILES = {
    "controlplane-api": os.path.join(ROOT, "src", "ControlPlane.Api", "Dockerfile"),
    "controlplane-worker": os.path.join(ROOT, "src", "ControlPlane.Worker", "Dockerfile"),
}
DRIVER_OPTIONS = os.path.join(ROOT, "src", "ControlPlane.Provisioning.Kubernetes", "KubernetesDriverOptions.cs")
KUBERNETES_PREFIX = "ControlPlane__Provisioning__Kubernetes__"
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet"}
SERVED = {"controlplane-api", "controlplane-worker"}

errors = []


def fail(where, message):
    errors.append(f"{where}: {message}")


def render(kubectl):
    result = subprocess.run([kubectl, "kustomize", OVERLAY], capture_output=True, text=True)
    if result.returncode != 0:
        print(f"check-deploy: rendering {OVERLAY} failed:\n{result.stderr}", file=sys.stderr)
        sys.exit(1)
    return [d for d in yaml.safe_load_all(result.stdout) if d]


def image_user(dockerfile):
    """The USER of the Dockerfile's last stage as (uid, gid), or None when it is not numeric."""
    user = None
    with open(dockerfile) as f:
        for line in f:
            if line.startswith("FROM "):
                user = None
            m = re.match(r"USER\s+(\S+)", line)
            if m:
                user = m.group(1)
    m = re.fullmatch(r"(\d+)(?::(\d+))?", user or "")
    return (int(m.group(1)), int(m.group(2)) if m.group(2) else None) if m else None


def image_name(image):
    return image.split("@")[0].rsplit(":", 1)[0].rsplit("/", 1)[-1]


def pod_template(doc):
    if doc["kind"] == "CronJob":
        return doc["spec"]["jobTemplate"]["spec"]["template"]
    if doc["kind"] in WORKLOADS:
        return doc["spec"]["template"]
    if doc["kind"] == "Pod":
        return doc
    return None


def declared_port(container, port):
    ports = container.get("ports") or []
    return any(p.get("name") == port or p.get("containerPort") == port for p in ports)


def check_pod(where, template, docker_users):
    spec = template["spec"]
    pod = spec.get("securityContext") or {}
    if pod.get("runAsNonRoot") is not True:
        fail(where, "pod securityContext.runAsNonRoot must be true")
    containers = (spec.get("initContainers") or []) + spec["containers"]
    for c in containers:
        here = f"{where} container {c['name']}"
        sc = c.get("securityContext") or {}
        uid = sc.get("runAsUser", pod.get("runAsUser"))
        gid = sc.get("runAsGroup", pod.get("runAsGroup"))
        if not isinstance(uid, int) or uid == 0:
            fail(here, f"runAsUser must be a numeric non-root uid, is {uid!r}")
        expected = docker_users.get(image_name(c["image"]))
        if image_name(c["image"]) in DOCKERFILES:
            if expected is None:
                fail(here, f"the Dockerfile of {image_name(c['image'])} must set a numeric USER uid:gid")
            elif (uid, gid) != expected:
                fail(here, f"runs as {uid}:{gid} but its image is built for {expected[0]}:{expected[1]}")
        seccomp = (sc.get("seccompProfile") or pod.get("seccompProfile") or {}).get("type")
        if seccomp != "RuntimeDefault":
            fail(here, f"seccompProfile.type must be RuntimeDefault, is {seccomp!r}")
        if sc.get("readOnlyRootFilesystem") is not True:
            fail(here, "readOnlyRootFilesystem must be true")
        if sc.get("allowPrivilegeEscalation") is not False:
            fail(here, "allowPrivilegeEscalation must be false")
        caps = sc.get("capabilities") or {}
        if "ALL" not in (caps.get("drop") or []):
            fail(here, "capabilities.drop must contain ALL")
        if caps.get("add"):
            fail(here, f"adds capabilities {caps['add']}")
        if sc.get("privileged"):
            fail(here, "is privileged")


def check_served(where, doc, template):
    annotations = template.get("metadata", {}).get("annotations") or {}
    container = template["spec"]["containers"][0]
    if annotations.get("prometheus.io/scrape") != "true":
        fail(where, "needs the annotation prometheus.io/scrape: \"true\"")
    port = annotations.get("prometheus.io/port")
    if not port or not declared_port(container, int(port) if port.isdigit() else port):
        fail(where, f"prometheus.io/port {port!r} is not a port the container declares")
    if annotations.get("prometheus.io/path") != "/metrics":
        fail(where, "needs the annotation prometheus.io/path: /metrics")
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
        get = (container.get(probe) or {}).get("httpGet") or {}
        if get.get("path") != path:
            fail(where, f"{probe} must GET {path}, has {get.get('path')!r}")
        elif not declared_port(container, get.get("port")):
            fail(where, f"{probe} port {get.get('port')!r} is not a port the container declares")
    if (doc["spec"].get("replicas") or 1) < 2:
        fail(where, "the example overlay must run at least two replicas")


def check_rbac(doc):
    where = f"{doc['kind']} {doc['metadata']['name']}"
    for rule in doc.get("rules") or []:
        resources, verbs = set(rule.get("resources") or []), set(rule.get("verbs") or [])
        if "*" in resources or "*" in verbs:
            fail(where, f"wildcard in {rule}")
        for proxy in ("pods/proxy", "services/proxy"):
            if proxy in resources:
                fail(where, f"grants {proxy}")
        if "namespaces" in resources and verbs & {"patch", "update", "delete"}:
            fail(where, f"may change namespaces ({sorted(verbs & {'patch', 'update', 'delete'})})")
        if "secrets" in resources and verbs & {"list", "watch"} and doc["kind"] == "ClusterRole":
            fail(where, "may list or watch Secrets cluster-wide")


def driver_options():
    with open(DRIVER_OPTIONS) as f:
        return set(re.findall(r"public\s+[\w<>?,\[\] ]+\s+(\w+)\s*\{\s*get;\s*set;", f.read()))


def check_config(doc, options):
    for key in (doc.get("data") or {}):
        if key.startswith(KUBERNETES_PREFIX):
            name = key[len(KUBERNETES_PREFIX):].split("__")[0]
            if name not in options:
                fail(f"ConfigMap {doc['metadata']['name']}", f"{key}: KubernetesDriverOptions has no option {name}")


def main():
    kubectl = subprocess.run(["bash", os.path.join(ROOT, "scripts", "kubectl.sh")], capture_output=True, text=True)
    if kubectl.returncode != 0:
        print(f"check-deploy: no kustomize renderer: {kubectl.stderr}", file=sys.stderr)
        return 1
    docs = render(kubectl.stdout.strip())

    docker_users = {}
    for image, path in DOCKERFILES.items():
        docker_users[image] = image_user(path)
    options = driver_options()

    served, templates = set(), 0
    for doc in docs:
        kind, name = doc["kind"], doc["metadata"]["name"]
        where = f"{kind} {name}"
        template = pod_template(doc)
        if template is not None:
            templates += 1
            check_pod(where, template, docker_users)
            if kind == "Deployment" and name in SERVED:
                served.add(name)
                check_served(where, doc, template)
        if kind in ("ClusterRole", "Role"):
            check_rbac(doc)
        if kind == "ConfigMap":
            check_config(doc, options)
        if kind == "Namespace" and name == "controlplane":
            level = (doc["metadata"].get("labels") or {}).get("pod-security.kubernetes.io/enforce")
            if level != "restricted":
                fail(where, f"must enforce the restricted Pod Security level, enforces {level!r}")

    for missing in sorted(SERVED - served):
        fail("overlay", f"renders no Deployment {missing}")
    default_deny = [d for d in docs if d["kind"] == "NetworkPolicy" and not d["spec"].get("podSelector")
                    and set(d["spec"].get("policyTypes") or []) == {"Ingress", "Egress"}]
    if not default_deny:
        fail("overlay", "no NetworkPolicy denies ingress and egress by default in the control plane's namespace")

    if errors:
        print("check-deploy: deploy/overlays/example breaks these rules:", file=sys.stderr)
        for e in errors:
            print(f"  - {e}", file=sys.stderr)
        return 1
    print(f"check-deploy: {len(docs)} objects, {templates} pod templates: all rules hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
