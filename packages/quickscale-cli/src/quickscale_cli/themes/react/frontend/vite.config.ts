/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// One origin: in production Django serves dist/ (WhiteNoise, hashed names read from the manifest) and
// renders the HTML shell; in development this server proxies Django's paths to DJANGO_ORIGIN.
const django = process.env.DJANGO_ORIGIN ?? "http://127.0.0.1:8000";
// /billing itself is a page of this app: only billing's Django endpoints (webhooks) go to Django.
const proxied = ["/api", "/accounts", "/admin", "/static/admin", "^/billing/(webhook|stripe)/"];

export default defineConfig(({ command }) => ({
  plugins: [react()],
  // Built assets are served by Django under /static/; the dev server serves the app at /.
  base: command === "build" ? "/static/" : "/",
  build: {
    outDir: "dist",
    manifest: true,
    rollupOptions: { input: "src/main.tsx" },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(proxied.map((prefix) => [prefix, { target: django, changeOrigin: false }])),
  },
  test: {
    environment: "happy-dom",
    setupFiles: ["src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
  },
}));
