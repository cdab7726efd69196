"""The gateway's HTTP face: GraphQL over HTTP, GraphiQL, health."""
