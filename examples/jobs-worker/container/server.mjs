import { createServer } from "node:http";

createServer((request, response) => {
  response.writeHead(200, { "content-type": "text/plain" });
  response.end(`thumbnail for ${request.url}\n`);
}).listen(8080);
