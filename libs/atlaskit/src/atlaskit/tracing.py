"""OpenTelemetry setup and W3C trace-context propagation across HTTP and Kafka.

Spans go to an OTLP collector when ``OTEL_EXPORTER_OTLP_ENDPOINT`` is set; otherwise to a
JSONL file per process under ``CODEATLAS_SPAN_DIR`` that a developer can read with ``jq``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from threading import Lock

from opentelemetry import context, propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    SpanExporter,
    SpanExportResult,
)

from atlaskit.settings import AtlasSettings

KafkaHeaders = Sequence[tuple[str, bytes]]


class JsonlSpanExporter(SpanExporter):
    """Appends each finished span as one JSON object a line."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = path.open("a", encoding="utf-8")
        self._lock = Lock()

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        lines = [json.dumps(json.loads(span.to_json(indent=None))) for span in spans]
        with self._lock:
            self._file.write("\n".join(lines) + "\n")
            self._file.flush()
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        with self._lock:
            self._file.close()


def configure_tracing(service: str, settings: AtlasSettings) -> TracerProvider:
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    exporter: SpanExporter | None = None
    if settings.otel_exporter_otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter(
            endpoint=settings.otel_exporter_otlp_endpoint.rstrip("/") + "/v1/traces"
        )
    elif settings.span_dir:
        exporter = JsonlSpanExporter(Path(settings.span_dir) / f"{service}-{os.getpid()}.jsonl")
    if exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(exporter, schedule_delay_millis=200))
    trace.set_tracer_provider(provider)
    return provider


def inject_http_headers(headers: dict[str, str]) -> dict[str, str]:
    propagate.inject(headers)
    return headers


def kafka_headers_from_current_context() -> list[tuple[str, bytes]]:
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return [(name, value.encode()) for name, value in carrier.items()]


def context_from_kafka_headers(headers: Iterable[tuple[str, bytes]] | None) -> context.Context:
    carrier = {name: value.decode() for name, value in headers or ()}
    return propagate.extract(carrier)


def context_from_carrier(carrier: Mapping[str, str]) -> context.Context:
    return propagate.extract(dict(carrier))


def current_carrier() -> dict[str, str]:
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier
