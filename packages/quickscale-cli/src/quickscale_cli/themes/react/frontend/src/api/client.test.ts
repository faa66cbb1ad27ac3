import { describe, expect, it } from "vitest";
import { mockFetch, setCookie } from "../test/utils";
import { api, data, request } from "./client";
import { CSRF_SOURCE, readCookie } from "./csrf";
import { ApiError, toApiError } from "./errors";

describe("the typed API client", () => {
  it("sends X-CSRFToken from the csrftoken cookie on unsafe methods only", async () => {
    setCookie("csrftoken=tok123");
    const { calls } = mockFetch({
      "GET /api/me/": { body: { id: 1, email: "a@example.com" } },
      "PATCH /api/me/": { body: { id: 1, email: "a@example.com", first_name: "Ada" } },
    });
    await data(api.GET("/api/me/"));
    await data(api.PATCH("/api/me/", { body: { first_name: "Ada" } }));
    expect(calls[0]?.headers.get("X-CSRFToken")).toBeNull();
    expect(calls[1]?.headers.get("X-CSRFToken")).toBe("tok123");
    expect(calls[1]?.body).toEqual({ first_name: "Ada" });
  });

  it("fetches the CSRF cookie first when it is missing", async () => {
    const { calls } = mockFetch({
      [`GET ${CSRF_SOURCE}`]: () => {
        setCookie("csrftoken=fresh");
        return { body: { status: 200 } };
      },
      "PATCH /api/me/": { body: { id: 1, email: "a@example.com", last_name: "L" } },
    });
    await expect(data(api.PATCH("/api/me/", { body: { last_name: "L" } }))).resolves.toMatchObject({ last_name: "L" });
    expect(calls.map((call) => call.path)).toEqual([CSRF_SOURCE, "/api/me/"]);
    expect(calls[1]?.headers.get("X-CSRFToken")).toBe("fresh");
  });

  it("turns the error body into an ApiError with the detail and the field messages", async () => {
    setCookie("csrftoken=t");
    mockFetch({
      "PATCH /api/me/": {
        status: 400,
        body: { detail: "The request has invalid fields; see errors.", code: "invalid", errors: { first_name: ["Too long."] } },
      },
    });
    const error = await data(api.PATCH("/api/me/", { body: { first_name: "x".repeat(200) } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.code).toBe("invalid");
    expect(apiError.fieldMessages("first_name")).toEqual(["Too long."]);
    expect(apiError.formMessages).toEqual(["The request has invalid fields; see errors."]);
  });

  it("shows the form-wide errors (non_field_errors) above the form", () => {
    const error = toApiError(400, { detail: "Invalid.", code: "invalid", errors: { non_field_errors: ["Already a member."] } });
    expect(error.formMessages).toEqual(["Already a member."]);
  });

  it("keeps the code of a refusal (409, 403 not_authenticated)", async () => {
    setCookie("csrftoken=t");
    mockFetch({
      "PATCH /api/me/": { status: 409, body: { detail: "The account is being deleted.", code: "conflict", errors: {} } },
      "GET /api/me/": { status: 403, body: { detail: "Sign in first.", code: "not_authenticated", errors: {} } },
    });
    await expect(data(api.PATCH("/api/me/", { body: {} }))).rejects.toMatchObject({
      status: 409,
      message: "The account is being deleted.",
    });
    await expect(data(api.GET("/api/me/"))).rejects.toMatchObject({ code: "not_authenticated" });
  });

  it("says what happened when the answer is not our error body or there is no answer", async () => {
    expect(toApiError(502, "<html>Bad gateway</html>").message).toBe("The server answered 502: try again in a moment.");
    mockFetch({});
    globalThis.fetch = () => Promise.reject(new TypeError("Failed to fetch"));
    await expect(request("GET", "/api/billing/plans/")).rejects.toMatchObject({ status: 0, code: "network" });
  });

  it("request() adds the same header and parses errors too", async () => {
    setCookie("csrftoken=abc");
    const { calls } = mockFetch({
      "POST /api/billing/checkout-session/": { status: 404, body: { detail: "No plan offers this price.", code: "unknown_price", errors: {} } },
    });
    await expect(request("POST", "/api/billing/checkout-session/?team=t", { price: "p" })).rejects.toMatchObject({
      message: "No plan offers this price.",
      code: "unknown_price",
    });
    expect(calls[0]?.headers.get("X-CSRFToken")).toBe("abc");
    expect(calls[0]?.path).toBe("/api/billing/checkout-session/?team=t");
  });

  it("reads cookies by exact name", () => {
    expect(readCookie("csrftoken", "xcsrftoken=1; csrftoken=two%3D; other=3")).toBe("two=");
    expect(readCookie("csrftoken", "other=3")).toBeNull();
  });
});
