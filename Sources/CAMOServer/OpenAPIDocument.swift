/// The API as served at `/openapi.yaml` (OpenAPI 3.1). The test suite checks every response it gets against this.
enum OpenAPIDocument {
    static let yaml = #"""
openapi: 3.1.0
info:
  title: CAMO detection service
  version: "1"
  description: |
    Judges whether images are AI-generated or manipulated, and says why. Started with `camo serve`.
    When the server has an API token, `/v1/*` and `/metrics` need `Authorization: Bearer <token>`.
    Every response carries `X-Request-Id` (the client's, when it sent a short one of letters, digits, `-_.`).
servers:
  - url: http://127.0.0.1:8080
paths:
  /v1/detect:
    post:
      summary: Judge one image, or a batch
      parameters:
        - { name: threshold, in: query, required: false, schema: { type: number, minimum: 0, maximum: 1 },
            description: "Overrides the threshold of an uncalibrated pipeline's verdicts; calibrated verdicts keep the server's error budget." }
        - { name: include, in: query, required: false,
            schema: { type: string, pattern: '^[, +]*((gate|experts|timings|objects)([, +]+(gate|experts|timings|objects))*)?[, +]*$', example: "gate,experts,timings" },
            description: "Comma-separated parts to keep: gate, experts, timings; objects also detects objects when the pipeline does not read them (and keeps the gate). Omitted: all that the pipeline computes." }
        - { name: pipeline, in: query, required: false, schema: { type: string },
            description: "Must name the pipeline the server runs." }
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/DetectJSONRequest" }
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: { type: string, contentMediaType: application/octet-stream, minLength: 1 }
                threshold: { type: number, minimum: 0, maximum: 1 }
                include: { type: string, pattern: '^[, +]*((gate|experts|timings|objects)([, +]+(gate|experts|timings|objects))*)?[, +]*$' }
                pipeline: { type: string }
          image/*:
            schema: { contentMediaType: application/octet-stream, minLength: 1, description: "The image bytes; bytes that do not decode give a result with verdict uncertain." }
      responses:
        "200":
          description: >
            The result (for `image`, multipart or raw bytes) or `{"results": [...]}` in request order (for `images`).
            Unreadable images still give a result, with verdict `uncertain` and the reason in `errors`.
          content:
            application/json:
              schema:
                oneOf:
                  - { $ref: "#/components/schemas/DetectionResult" }
                  - { $ref: "#/components/schemas/BatchResult" }
        "400": { $ref: "#/components/responses/Error" }
        "401": { $ref: "#/components/responses/Error" }
        "404":
          description: The request names a pipeline the server does not run (`unknown_pipeline`).
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Error" }
        "413": { $ref: "#/components/responses/Error" }
        "415": { $ref: "#/components/responses/Error" }
        "503":
          description: All slots are busy and the queue is full (`overloaded`), or the pipeline is still loading (`not_ready`).
          headers:
            Retry-After: { schema: { type: integer }, description: Seconds to wait before retrying. }
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Error" }
        "504": { $ref: "#/components/responses/Error" }
  /v1/jobs:
    post:
      summary: Judge a video, asynchronously
      description: >
        The body is the video's bytes (MP4, MOV, WebM, MKV, …). It is queued; jobs run one at a time. Bytes that do not
        open as a video give a job that has already failed (`error.code` `not_a_video`). Ask `GET /v1/jobs/{id}` for progress and, once done, the result (kept for a stated time, one hour
        by default). Frames are sampled as `camo detect` samples them (docs/video.md).
      parameters:
        - { name: every, in: query, required: false, schema: { type: number, exclusiveMinimum: 0 }, description: "Judge one frame every this many seconds (default 1)." }
        - { name: max_frames, in: query, required: false, schema: { type: integer, minimum: 1, maximum: 10000 }, description: "At most this many frames (default 64)." }
        - { name: max_seconds, in: query, required: false, schema: { type: number, exclusiveMinimum: 0 }, description: "Read at most this many seconds (default 600)." }
      requestBody:
        required: true
        content:
          video/*:
            schema: { contentMediaType: application/octet-stream, minLength: 1 }
          application/octet-stream:
            schema: { contentMediaType: application/octet-stream, minLength: 1 }
      responses:
        "202":
          description: Queued.
          headers:
            Location: { schema: { type: string }, description: Where to ask for the job. }
          content:
            application/json:
              schema: { $ref: "#/components/schemas/JobAccepted" }
        "400": { $ref: "#/components/responses/Error" }
        "401": { $ref: "#/components/responses/Error" }
        "413": { $ref: "#/components/responses/Error" }
        "415": { $ref: "#/components/responses/Error" }
        "503":
          description: Too many video jobs are queued or running (`overloaded`), or the pipeline is still loading (`not_ready`).
          headers:
            Retry-After: { schema: { type: integer }, description: Seconds to wait before retrying. }
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Error" }
  /v1/jobs/{id}:
    get:
      summary: A video job's progress and, once done, its result
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: wait, in: query, required: false, schema: { type: number, minimum: 0 },
            description: "Seconds (at most 30) to wait for the job to finish before answering, instead of polling quickly." }
      responses:
        "200":
          description: The job.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Job" }
        "400": { $ref: "#/components/responses/Error" }
        "401": { $ref: "#/components/responses/Error" }
        "404":
          description: No such job, or its result has expired (`unknown_job`).
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Error" }
        "503":
          description: The pipeline is still loading (`not_ready`).
          headers:
            Retry-After: { schema: { type: integer }, description: Seconds to wait before retrying. }
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Error" }
  /v1/pipeline:
    get:
      summary: The experts, models and routing of the pipeline the server runs
      responses:
        "200":
          description: The pipeline.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/PipelineDescription" }
        "401": { $ref: "#/components/responses/Error" }
        "503":
          description: The pipeline is still loading (`not_ready`).
          headers:
            Retry-After: { schema: { type: integer }, description: Seconds to wait before retrying. }
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Error" }
  /healthz:
    get:
      summary: The process is up
      responses:
        "200":
          description: Up.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Status" }
  /readyz:
    get:
      summary: The pipeline is loaded, has run one warm-up detection, and requests are being taken
      responses:
        "200":
          description: Ready.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Status" }
        "503":
          description: Not ready yet (the socket is bound before the pipeline loads), or the pipeline failed to load.
          headers:
            Retry-After: { schema: { type: integer }, description: Seconds to wait before asking again. }
          content:
            application/json:
              schema: { $ref: "#/components/schemas/NotReady" }
  /metrics:
    get:
      summary: Prometheus text exposition
      responses:
        "200":
          description: Counters, gauges and histograms.
          content:
            text/plain:
              schema: { type: string }
        "401": { $ref: "#/components/responses/Error" }
  /openapi.yaml:
    get:
      summary: This document
      responses:
        "200":
          description: OpenAPI 3.1.
          content:
            application/yaml:
              schema: { type: string }
  /:
    get:
      summary: The web page
      responses:
        "200":
          description: HTML.
          content:
            text/html:
              schema: { type: string }
components:
  responses:
    Error:
      description: The request was refused; `error.code` says why.
      content:
        application/json:
          schema: { $ref: "#/components/schemas/Error" }
  schemas:
    DetectJSONRequest:
      type: object
      description: Exactly one of `image` and `images`.
      oneOf:
        - { required: [image] }
        - { required: [images] }
      properties:
        image: { $ref: "#/components/schemas/Base64Image" }
        images: { type: array, items: { $ref: "#/components/schemas/Base64Image" }, minItems: 1, maxItems: 16 }
        threshold: { type: number, minimum: 0, maximum: 1 }
        include:
          oneOf:
            - { type: string, pattern: '^[, +]*((gate|experts|timings)([, +]+(gate|experts|timings))*)?[, +]*$' }
            - { type: array, items: { type: string, enum: [gate, experts, timings, objects] } }
        pipeline: { type: string }
    Base64Image:
      type: string
      description: >-
        Standard base64 (length a multiple of four, = padding), optionally after a data: URL prefix, with spaces,
        tabs and line breaks anywhere.
      pattern: '^(data:[^,]*,)?[ \t\r\n]*(([A-Za-z0-9+/][ \t\r\n]*){4})*(([A-Za-z0-9+/][ \t\r\n]*){4}|([A-Za-z0-9+/][ \t\r\n]*){3}=[ \t\r\n]*|([A-Za-z0-9+/][ \t\r\n]*){2}=[ \t\r\n]*=[ \t\r\n]*)$'
    Error:
      type: object
      required: [error]
      additionalProperties: false
      properties:
        error:
          type: object
          required: [code, message]
          additionalProperties: false
          properties:
            code:
              type: string
              enum: [bad_request, invalid_base64, empty_body, body_too_large, unsupported_media_type, unauthorized,
                     unknown_pipeline, overloaded, not_ready, timeout, not_found, method_not_allowed, internal,
                     unknown_job, storage_failed]
            message: { type: string }
    JobAccepted:
      type: object
      required: [id, status, status_url]
      additionalProperties: false
      properties:
        id: { type: string }
        status: { type: string, enum: [queued] }
        status_url: { type: string }
    Job:
      type: object
      required: [id, status, progress, created_at]
      additionalProperties: false
      properties:
        id: { type: string }
        status: { type: string, enum: [queued, running, done, failed] }
        progress: { type: number, minimum: 0, maximum: 1, description: "Share of the clip read." }
        created_at: { type: string }
        finished_at: { type: string }
        result: { $ref: "#/components/schemas/VideoResult" }
        error:
          type: object
          required: [code, message]
          properties:
            code: { type: string, enum: [video_failed, not_a_video] }
            message: { type: string }
    VideoResult:
      type: object
      description: One video's verdict, frames, face tracks and suspicious time ranges (docs/video.md).
      required: [schema_version, id, info, sampling, verdict, basis, reason, frames_decoded, frames, tracks, suspicious, evidence, errors, timings_ms]
      properties:
        schema_version: { type: integer }
        id: { type: string }
        info:
          type: object
          required: [container, codec, width, height, rotation, has_audio, metadata]
          properties:
            container: { type: string }
            codec: { type: string }
            width: { type: integer }
            height: { type: integer }
            rotation: { type: integer, enum: [0, 90, 180, 270] }
            duration: { type: number }
            frame_rate: { type: number }
            declared_frames: { type: integer }
            has_audio: { type: boolean }
            metadata: { type: object, additionalProperties: { type: string } }
        sampling: { type: object }
        verdict: { type: string, enum: [fake, real, uncertain] }
        basis: { type: string, enum: [evidence, calibrated_experts, none, uncalibrated_experts] }
        reason: { type: string }
        p_fake: { type: number, minimum: 0, maximum: 1 }
        frames_decoded: { type: integer, minimum: 0 }
        frames:
          type: array
          items:
            type: object
            required: [time, index, verdict, basis, tracks]
            properties:
              time: { type: number }
              index: { type: integer }
              verdict: { type: string, enum: [fake, real, uncertain] }
              basis: { type: string, enum: [evidence, calibrated_experts, none, uncalibrated_experts] }
              p_fake: { type: number }
              p_fake_raw: { type: number }
              tracks: { type: array, items: { type: integer } }
        tracks:
          type: array
          items:
            type: object
            required: [id, start, end, frames, fake_frames, verdict]
            properties:
              id: { type: integer }
              start: { type: number }
              end: { type: number }
              frames: { type: integer }
              fake_frames: { type: integer }
              p_fake: { type: number }
              verdict: { type: string, enum: [fake, real, uncertain] }
        suspicious:
          type: array
          items:
            type: object
            required: [start, end, frames, max_p_fake]
            properties:
              start: { type: number }
              end: { type: number }
              frames: { type: integer }
              max_p_fake: { type: number }
              track: { type: integer }
        evidence: { type: array, items: { type: string } }
        c2pa: { type: string, description: "The container's C2PA manifest as validated, when it has one." }
        provenance_p_fake: { type: number, minimum: 0, maximum: 1 }
        errors: { type: array, items: { type: string } }
        timings_ms: { type: object, additionalProperties: { type: number } }
    Status:
      type: object
      required: [status]
      properties:
        status: { type: string, enum: [ok, ready] }
    NotReady:
      type: object
      required: [status, reason]
      additionalProperties: false
      properties:
        status: { type: string, enum: [not_ready] }
        reason: { type: string, description: "What the server is doing, or why the pipeline failed to load." }
    BatchResult:
      type: object
      required: [results]
      additionalProperties: false
      properties:
        results: { type: array, items: { $ref: "#/components/schemas/DetectionResult" } }
    Box:
      type: array
      description: "[minX, minY, maxX, maxY] in pixels of the decoded image."
      items: { type: number }
      minItems: 4
      maxItems: 4
    DetectionResult:
      description: >-
        Published with the schema of every other JSON document CAMO writes in docs/schemas/
        (detection-result.schema.json is this one).
      type: object
      required: [schema_version, image, verdict, basis, reason, threshold, experts, errors, timings_ms]
      additionalProperties: false
      properties:
        schema_version: { type: integer, const: 2, description: "The layout's version (docs/result-schema.md)." }
        image:
          type: object
          required: [id]
          additionalProperties: false
          properties:
            id: { type: string }
            sha256: { type: string }
            width: { type: integer }
            height: { type: integer }
            format: { type: string }
        verdict: { type: string, enum: [fake, real, uncertain] }
        basis:
          type: string
          enum: [evidence, calibrated_experts, none, uncalibrated_experts]
          description: What the verdict rests on.
        reason: { type: string, description: One sentence a reader can act on. }
        p_fake: { type: number, minimum: 0, maximum: 1, description: "The probability the verdict was judged by: the evidence's, the calibrated combined score, or an uncalibrated pipeline's raw aggregate. Absent when no expert could judge the image." }
        p_fake_raw: { type: number, minimum: 0, maximum: 1, description: The experts' raw aggregate, before calibration. }
        threshold: { type: number, description: The fixed threshold of an uncalibrated pipeline. }
        decision:
          type: object
          description: The calibrated decision rule (pipelines with a calibration).
          required: [alpha, beta, calibrated_on, calibration_data]
          additionalProperties: false
          properties:
            alpha: { type: number }
            beta: { type: number }
            fake_above: { type: number, description: Calibrated scores above this are fake; absent when the calibration cannot support a fake verdict. }
            real_below: { type: number, description: Calibrated scores below this are real; absent when the calibration cannot support a real verdict. }
            calibrated_on: { type: string }
            calibration_data: { type: string }
        route:
          type: object
          required: [mode, categories, experts, aggregation, explanation]
          properties:
            mode: { type: string, enum: [hard, soft, patches] }
            content: { type: string }
            categories: { type: array, items: { type: string } }
            experts:
              type: array
              items:
                type: object
                required: [expert, weight, why]
                properties:
                  expert: { type: string }
                  weight: { type: number }
                  why: { type: string }
            aggregation: { type: string }
            explanation: { type: string }
        gate:
          type: object
          required: [faces, objects, notes, timings_ms]
          properties:
            faces:
              type: array
              items:
                type: object
                required: [box, score, keypoints]
                properties:
                  box: { $ref: "#/components/schemas/Box" }
                  score: { type: number }
                  keypoints: { type: array, items: { type: array, items: { type: number }, minItems: 2, maxItems: 2 } }
                  landmarks: { type: array, items: { type: array, items: { type: number }, minItems: 2, maxItems: 2 } }
                  aligned_from: { type: string, enum: [dlib68, detector5] }
            objects:
              type: array
              items:
                type: object
                required: [box, class_name, score]
                properties:
                  box: { $ref: "#/components/schemas/Box" }
                  class_name: { type: string }
                  score: { type: number }
            notes: { type: array, items: { type: string } }
            timings_ms: { type: object, additionalProperties: { type: number } }
        experts:
          type: array
          items:
            type: object
            required: [name, weight, applicable, evidence, regions, ms]
            properties:
              name: { type: string }
              p_fake: { type: number }
              p_fake_calibrated: { type: number }
              informative: { type: boolean }
              weight: { type: number }
              applicable: { type: boolean }
              reason: { type: string }
              evidence: { type: object, additionalProperties: { type: string } }
              regions:
                type: array
                items:
                  type: object
                  required: [kind, x1, y1, x2, y2, p_fake]
                  properties:
                    kind: { type: string }
                    x1: { type: number }
                    y1: { type: number }
                    x2: { type: number }
                    y2: { type: number }
                    p_fake: { type: number }
              error: { type: string }
              ms: { type: number }
        errors: { type: array, items: { type: string } }
        timings_ms: { type: object, additionalProperties: { type: number } }
    PipelineDescription:
      type: object
      required: [name, routing, aggregation, threshold, uncertain_band, experts, models, version]
      properties:
        name: { type: string }
        routing: { type: string, enum: [hard, soft, patches] }
        aggregation: { type: string }
        threshold: { type: number }
        uncertain_band: { type: number }
        experts:
          type: array
          items:
            type: object
            required: [name, roles, weight, trusted, decisive]
            properties:
              name: { type: string }
              roles: { type: array, items: { type: string } }
              weight: { type: number }
              trusted: { type: boolean }
              decisive: { type: boolean }
        models:
          type: array
          items:
            type: object
            required: [name, used_by, file, sha256, bytes, licence, research_only]
            additionalProperties: false
            properties:
              name: { type: string, description: "Registry name; for a file named by path in the pipeline, that path." }
              used_by: { type: string, description: "gate.face_detector, gate.object_detector, gate.landmarks or experts.<name>." }
              file: { type: string, description: "Path under the models folder (registry models) or on disk." }
              sha256: { type: string, pattern: "^[0-9a-f]{64}$" }
              bytes: { type: integer, minimum: 0 }
              licence: { type: string }
              research_only: { type: boolean, description: "The licence forbids commercial use, or is unknown." }
        version: { type: string }
"""#
}
