using Ladder.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNatsClient("nats");
builder.AddRedisClient("redis");
builder.AddNpgsqlDataSource("ladder");

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
