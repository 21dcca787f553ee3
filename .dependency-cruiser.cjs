// The import rules that keep the layout by feature (see ARCHITECTURE.md). `pnpm lint` runs them; CI fails on a violation.
const server = "^apps/server/src/";
const web = "^apps/web/src/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "A cycle makes two modules one in disguise: break it with a port or by moving the shared part down.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "core-imports-no-feature",
      comment: "The shared kernel (room record, ids, ports of the kernel) knows no feature, store or transport.",
      severity: "error",
      from: { path: `${server}core/` },
      to: { path: `${server}(features|store|transport)/|${server}(app|index|main)\\.ts$` },
    },
    {
      name: "features-meet-through-index",
      comment: "A feature uses another feature only through that feature's public index.ts.",
      severity: "error",
      from: { path: `${server}features/([^/]+)/` },
      to: { path: `${server}features/`, pathNot: [`${server}features/$1/`, `${server}features/[^/]+/index\\.ts$`] },
    },
    {
      name: "features-do-not-reach-up",
      comment: "Features are assembled by app.ts; they never import it, the stores or the process entry.",
      severity: "error",
      from: { path: `${server}features/` },
      to: { path: `${server}store/|${server}(app|index|main)\\.ts$` },
    },
    {
      name: "store-implements-ports-only",
      comment: "Stores implement the ports (core, a feature's port.ts) and may run a feature's pure rules; never a service, handler or route.",
      severity: "error",
      from: { path: `${server}store/` },
      to: {
        path: `${server}(features|transport)/|${server}(app|index|main)\\.ts$`,
        pathNot: [`${server}features/[^/]+/port\\.ts$`, `${server}features/queue/matching\\.ts$`, `${server}features/board/merge-rules\\.ts$`],
      },
    },
    {
      name: "transport-knows-no-feature",
      comment: "The transport kit (event table, HTTP helpers) is generic: features plug into it, not the other way round.",
      severity: "error",
      from: { path: `${server}transport/` },
      to: { path: `${server}(features|store)/|${server}(app|index|main)\\.ts$` },
    },
    {
      name: "web-never-imports-server",
      comment: "The web app speaks to the server only through @mockloop/protocol.",
      severity: "error",
      from: { path: "^apps/web/" },
      to: { path: "^apps/server/|^packages/test-support/" },
    },
    {
      name: "web-features-meet-through-index",
      comment: "In the web app too, a feature uses another only through its index.ts.",
      severity: "error",
      from: { path: `${web}features/([^/]+)/` },
      to: { path: `${web}features/`, pathNot: [`${web}features/$1/`, `${web}features/[^/]+/index\\.tsx?$`] },
    },
    {
      name: "web-shared-knows-no-feature",
      comment: "Shared web code (API client, router, small UI pieces) is used by features and uses none.",
      severity: "error",
      from: { path: `${web}shared/` },
      to: { path: `${web}features/` },
    },
    {
      name: "packages-never-import-apps",
      comment: "Libraries (protocol, questions) stand alone; test support may start the server.",
      severity: "error",
      from: { path: "^packages/", pathNot: "^packages/test-support/" },
      to: { path: "^apps/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "default"], extensions: [".ts", ".tsx", ".js"] },
  },
};
