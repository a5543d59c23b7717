import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The window loads the built files from disk (tauri.conf.json frontendDist);
// there is no dev server in the loop.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  // The Review page's chunk carries ECharts (about 600 kB); it is loaded
  // only when the page opens, so its size is not the window's start.
  build: { target: "safari15", outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 700 },
});
