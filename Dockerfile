# rykte's image for docker-compose.yml: Node 20, production dependencies, the source as is
# (tsx runs the TypeScript; there is no build step).
FROM node:20.20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY . .
USER node
ENTRYPOINT ["node", "bin/rykte.js"]
