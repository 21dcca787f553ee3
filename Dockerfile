# The mockloop server (built to plain JavaScript) with the built web app, one image.
FROM node:20-slim
WORKDIR /app
RUN npm install -g pnpm@12.4.2
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json .npmrc ./
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY packages/protocol/package.json packages/protocol/
COPY packages/questions/package.json packages/questions/
RUN pnpm install --frozen-lockfile
COPY apps apps
COPY packages packages
RUN pnpm build
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD node -e "fetch('http://127.0.0.1:3000/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# node is PID 1 and gets SIGTERM from `docker stop` itself, so the server shuts down cleanly.
WORKDIR /app/apps/server
CMD ["node", "dist/main.mjs"]
