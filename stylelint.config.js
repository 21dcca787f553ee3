/** Stylesheets of the web app: the standard rules, CSS modules, and no colour outside the design tokens. */
export default {
  extends: ["stylelint-config-standard"],
  rules: {
    // Every colour is a token (apps/web/src/shared/styles/tokens.css); components use var(--…).
    "color-no-hex": true,
    "color-named": "never",
    "function-disallowed-list": ["rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color"],
    // Font names keep their foundries' spelling.
    "value-keyword-case": ["lower", { ignoreProperties: ["/^--font-/"] }],
    // CSS modules.
    "selector-pseudo-class-no-unknown": [true, { ignorePseudoClasses: ["global", "local"] }],
    "property-no-unknown": [true, { ignoreProperties: ["composes"] }],
  },
  overrides: [
    {
      files: ["apps/web/src/shared/styles/tokens.css"],
      rules: { "color-no-hex": null, "color-named": null, "function-disallowed-list": null },
    },
  ],
};
