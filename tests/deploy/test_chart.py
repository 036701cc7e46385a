"""The Helm chart, offline: lint, render every scenario, validate against the Kubernetes
1.31 schemas, scan with checkov, and check what the manifests promise. Invalid scenarios
must fail the run."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, database_kind

CHART = ROOT / "helm" / "batna"
SCENARIOS = sorted((CHART / "ci").glob("*-values.yaml"))
INVALID = Path(__file__).with_name("invalid")
TOOLS = ROOT / ".venv" / "tools"
HELM = TOOLS / "bin" / "helm"
VALIDATE = TOOLS / "validate" / "bin"
# checkov findings we accept, each for a reason:
SKIPPED = {
    "CKV_K8S_15": "pull policy IfNotPresent: release tags are immutable (they pin the rules)",
    "CKV_K8S_35": "database URL and key pepper are env vars: batna reads settings from the env",
    "CKV_K8S_43": "image digests are the operator's choice (image.tag accepts one)",
    "CKV2_K8S_6": "the NetworkPolicy is optional and off by default (production enables it)",
}


@pytest.fixture(scope="module", autouse=True)
def tools() -> None:
    if database_kind() != "sqlite":
        pytest.skip("database-independent: runs once, in the SQLite pass")
    script = ROOT / "scripts" / "deploy-tools.sh"
    subprocess.run(["/bin/bash", str(script)], check=True, timeout=900)


def _render(values: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(HELM),
            "template",
            "batna",
            str(CHART),
            "--namespace",
            "hr",
            "-f",
            str(values),
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def _documents(rendered: str) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(rendered) if d]


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VALIDATE / "kubernetes-validate"), "--strict", "-k", "1.31", "--quiet", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("values", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_lints_renders_validates_and_scans(values: Path, tmp_path: Path) -> None:
    lint = subprocess.run(
        [str(HELM), "lint", "--strict", str(CHART), "-f", str(values)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    rendered = _render(values)
    assert rendered.returncode == 0, rendered.stderr
    out = tmp_path / "rendered.yaml"
    out.write_text(rendered.stdout)
    valid = _validate(out)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    scan = subprocess.run(
        [
            str(VALIDATE / "checkov"),
            "-f",
            str(out),
            "--framework",
            "kubernetes",
            "--quiet",
            "--compact",
            "-o",
            "json",
            "--skip-check",
            ",".join(SKIPPED),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE"},
        timeout=600,
    )
    report = json.loads(scan.stdout)
    reports = report if isinstance(report, list) else [report]
    failed = [c["check_id"] for r in reports for c in r["results"]["failed_checks"]]
    assert failed == [], failed
    assert sum(r["summary"]["passed"] for r in reports) > 50


def _kinds(values: Path) -> dict[str, dict[str, Any]]:
    rendered = _render(values)
    assert rendered.returncode == 0, rendered.stderr
    return {d["kind"]: d for d in _documents(rendered.stdout)}


def test_the_deployment_is_hardened_and_probed_by_named_port() -> None:
    kinds = _kinds(CHART / "ci" / "default-values.yaml")
    pod = kinds["Deployment"]["spec"]["template"]
    assert "checksum/config" in pod["metadata"]["annotations"]
    spec = pod["spec"]
    assert spec["automountServiceAccountToken"] is False
    assert spec["securityContext"]["runAsNonRoot"] is True
    container = spec["containers"][0]
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    assert container["resources"]["limits"]
    job = kinds["Job"]
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    assert job["spec"]["template"]["spec"]["containers"][0]["args"] == ["db", "upgrade"]
    assert "ServiceMonitor" not in kinds
    assert "NetworkPolicy" not in kinds
    assert "HorizontalPodAutoscaler" not in kinds


def test_production_scales_and_reads_its_secret() -> None:
    kinds = _kinds(CHART / "ci" / "production-values.yaml")
    assert kinds["HorizontalPodAutoscaler"]["spec"]["minReplicas"] == 3
    assert "replicas" not in kinds["Deployment"]["spec"]  # the HPA owns it
    assert kinds["PodDisruptionBudget"]["spec"]["minAvailable"] == 2
    assert "Secret" not in kinds  # existingSecret: the chart makes none
    env = kinds["Deployment"]["spec"]["template"]["spec"]["containers"][0]["env"]
    assert env[0]["valueFrom"]["secretKeyRef"] == {"name": "batna-database", "key": "url"}
    pepper = {e["name"]: e for e in env}["BATNA_KEY_PEPPER"]
    assert pepper["valueFrom"]["secretKeyRef"] == {"name": "batna-key-pepper", "key": "key-pepper"}
    assert kinds["ServiceMonitor"]["spec"]["endpoints"][0]["path"] == "/metrics"
    assert kinds["NetworkPolicy"]["spec"]["ingress"][0]["ports"][0]["port"] == "http"
    assert kinds["ConfigMap"]["data"]["BATNA_REDIS_URL"] == "redis://redis.platform:6379/0"


def test_forwarded_for_is_trusted_only_from_the_ingress_named() -> None:
    default = _kinds(CHART / "ci" / "default-values.yaml")["ConfigMap"]["data"]
    assert "BATNA_FORWARDED_ALLOW_IPS" not in default  # trust none
    production = _kinds(CHART / "ci" / "production-values.yaml")["ConfigMap"]["data"]
    assert production["BATNA_FORWARDED_ALLOW_IPS"] == "10.244.0.0/16"
    values = CHART / "ci" / "default-values.yaml"
    for bad in ("ingress-nginx", "10.0.0.0/8;rm"):
        refused = _render(values, "--set-string", f"config.forwardedAllowIps={bad}")
        assert refused.returncode != 0
        assert "forwardedAllowIps" in refused.stderr


def test_a_changed_setting_rolls_the_pods() -> None:
    values = CHART / "ci" / "default-values.yaml"
    first = _kinds(values)["Deployment"]["spec"]["template"]["metadata"]["annotations"]
    changed = _render(values, "--set", "config.logLevel=debug")
    second = {d["kind"]: d for d in _documents(changed.stdout)}["Deployment"]
    assert (
        second["spec"]["template"]["metadata"]["annotations"]["checksum/config"]
        != (first["checksum/config"])
    )


def test_an_unknown_value_is_refused_by_the_schema() -> None:
    rendered = _render(INVALID / "unknown-key-values.yaml")
    assert rendered.returncode != 0
    assert "replicas" in rendered.stderr


def test_a_scenario_rendering_an_invalid_manifest_fails(tmp_path: Path) -> None:
    rendered = _render(INVALID / "bad-toleration-values.yaml")
    assert rendered.returncode == 0, rendered.stderr  # the schema lets it through …
    out = tmp_path / "rendered.yaml"
    out.write_text(rendered.stdout)
    valid = _validate(out)
    assert valid.returncode != 0  # … the Kubernetes schema does not
    assert "tolerationSeconds" in valid.stdout + valid.stderr


def test_the_key_pepper_is_a_secret_every_container_reads() -> None:
    kinds = _kinds(CHART / "ci" / "default-values.yaml")
    secret = next(
        d
        for d in _documents(_render(CHART / "ci" / "default-values.yaml").stdout)
        if d["kind"] == "Secret" and d["metadata"]["name"] == "batna-key-pepper"
    )
    assert secret["metadata"]["annotations"]["helm.sh/hook-weight"] == "-10"  # before the Job
    assert len(secret["stringData"]["key-pepper"]) >= 32
    for kind in ("Deployment", "Job"):
        container = kinds[kind]["spec"]["template"]["spec"]["containers"][0]
        reference = {e["name"]: e for e in container["env"]}["BATNA_KEY_PEPPER"]
        assert reference["valueFrom"]["secretKeyRef"]["name"] == "batna-key-pepper"
    assert kinds["ConfigMap"]["data"]["BATNA_INTAKE_TIMEOUT_SECONDS"] == "300"


def test_no_key_pepper_is_a_clear_error(tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text("database:\n  url: postgresql+asyncpg://u:p@db/batna\n")
    rendered = _render(values)
    assert rendered.returncode != 0
    assert "keyPepper.value" in rendered.stderr
    short = _render(CHART / "ci" / "default-values.yaml", "--set", "keyPepper.value=short")
    assert short.returncode != 0
    assert "at least 32" in short.stderr


def test_no_database_is_a_clear_error() -> None:
    rendered = subprocess.run(
        [str(HELM), "template", "batna", str(CHART)], capture_output=True, text=True, check=False
    )
    assert rendered.returncode != 0
    assert "database.url or database.existingSecret" in rendered.stderr


def _all(values: Path, *extra: str) -> list[dict[str, Any]]:
    rendered = _render(values, *extra)
    assert rendered.returncode == 0, rendered.stderr
    return _documents(rendered.stdout)


def _named(documents: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in documents if d["kind"] == kind}


def _selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(name) == value for name, value in selector.items())


def test_retention_runs_as_a_cronjob_with_the_apis_image_env_and_secrets() -> None:
    values = CHART / "ci" / "default-values.yaml"
    documents = _all(values)
    api = _named(documents, "Deployment")["batna"]["spec"]["template"]["spec"]["containers"][0]
    cron = _named(documents, "CronJob")["batna-purge"]
    assert cron["spec"]["schedule"] == "17 3 * * *"  # daily
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    pod = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert pod["restartPolicy"] == "Never"
    container = pod["containers"][0]
    assert container["args"] == ["db", "purge"]
    assert container["image"] == api["image"]
    assert container["env"] == api["env"]  # the database URL and pepper Secrets
    assert container["envFrom"] == api["envFrom"]  # BATNA_RETENTION_DAYS and the rest
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    scheduled = _all(values, "--set-string", "purge.schedule=0 4 * * 0")
    assert _named(scheduled, "CronJob")["batna-purge"]["spec"]["schedule"] == "0 4 * * 0"
    assert _named(_all(values, "--set", "purge.enabled=false"), "CronJob") == {}


def test_a_separate_worker_deployment_takes_the_chunks_off_the_api_pods() -> None:
    values = CHART / "ci" / "default-values.yaml"
    alone = _all(values)
    assert list(_named(alone, "Deployment")) == ["batna"]
    assert _named(alone, "ConfigMap")["batna"]["data"]["BATNA_BATCH_WORKER"] == "true"

    documents = _all(CHART / "ci" / "worker-values.yaml")
    deployments = _named(documents, "Deployment")
    assert sorted(deployments) == ["batna", "batna-worker"]
    config = _named(documents, "ConfigMap")["batna"]["data"]
    assert config["BATNA_BATCH_WORKER"] == "false"  # API pods run no chunk worker
    assert config["BATNA_FORWARDED_ALLOW_IPS"] == "10.244.0.0/16"  # the ingress's network
    assert (config["BATNA_REDIS_TIMEOUT_MS"], config["BATNA_REDIS_COOLDOWN_SECONDS"]) == (
        "100",
        "15",
    )
    worker = deployments["batna-worker"]
    assert worker["spec"]["replicas"] == 3
    pod = worker["spec"]["template"]
    container = pod["spec"]["containers"][0]
    assert container["args"][0] == "worker"
    assert container["livenessProbe"]["exec"]["command"][:3] == ["batna", "worker", "--alive"]
    api = deployments["batna"]["spec"]["template"]["spec"]["containers"][0]
    assert container["env"] == api["env"]
    assert container["envFrom"] == api["envFrom"]
    assert container["resources"]["limits"] == {"cpu": "1", "memory": "512Mi"}
    # No API selector picks the worker pods (no traffic, no PDB or HPA counting them).
    labels = pod["metadata"]["labels"]
    service = _named(documents, "Service")["batna"]["spec"]["selector"]
    pdb = _named(documents, "PodDisruptionBudget")["batna"]["spec"]["selector"]["matchLabels"]
    api_selector = deployments["batna"]["spec"]["selector"]["matchLabels"]
    for selector in (service, pdb, api_selector):
        assert not _selects(selector, labels)
    assert _selects(worker["spec"]["selector"]["matchLabels"], labels)
    for kind in ("CronJob", "Job"):  # nor the purge or migration pods
        for document in _named(documents, kind).values():
            spec = document["spec"]
            template = spec.get("jobTemplate", {"spec": spec})["spec"]["template"]
            assert not _selects(service, template["metadata"]["labels"])


def test_every_server_process_keeps_its_metrics_on_the_writable_tmp_volume() -> None:
    documents = _all(CHART / "ci" / "default-values.yaml")
    config = _named(documents, "ConfigMap")["batna"]["data"]
    assert config["BATNA_WORKERS"] == "2"
    spec = _named(documents, "Deployment")["batna"]["spec"]["template"]["spec"]
    mounts = {m["mountPath"]: m["name"] for m in spec["containers"][0]["volumeMounts"]}
    volumes = {v["name"]: v for v in spec["volumes"]}
    folder = Path(config["BATNA_METRICS_DIR"])
    assert str(folder.parent) in mounts  # on the pod's own writable volume
    assert "emptyDir" in volumes[mounts[str(folder.parent)]]
