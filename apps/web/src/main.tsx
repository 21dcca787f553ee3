import "./no-eval.ts";
// Stylesheets first: the tokens, the base, then the shared look, so every component's own module comes after them
// in the cascade and wins a tie.
import "./shared/styles/tokens.css";
import "./shared/styles/global.css";
import "./shared/ui/ui.module.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
