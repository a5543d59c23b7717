import { defineConfig } from "vite";

// The bare calendar page of the week benchmark (tests/desktop/bench_week.rs),
// built apart from the app so nothing of it ships in the window.
export default defineConfig({
  root: import.meta.dirname,
  clearScreen: false,
  build: { target: "safari15", outDir: "dist", emptyOutDir: true },
});
