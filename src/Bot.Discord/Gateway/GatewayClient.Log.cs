using Bot.Discord.Models;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Gateway;

/// <summary>The gateway client's log messages: ids, codes and counts, never the token.</summary>
public sealed partial class GatewayClient
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Connecting to the gateway at {Host} to {Mode}")]
    private partial void LogConnecting(string host, string mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not connect to the gateway at {Host}: {Error}: {Reason}")]
    private partial void LogConnectFailed(string host, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not get the gateway URL: {Error}: {Reason}")]
    private partial void LogGatewayUrlFailed(string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway connection lost: {Error}: {Reason}")]
    private partial void LogConnectionLost(string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Hello within {TimeoutSeconds} s of connecting: reconnecting")]
    private partial void LogHelloTimeout(double timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "The gateway connection failed unexpectedly; reconnecting")]
    private partial void LogConnectionFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnecting to {Mode} in {DelaySeconds:0.###} s")]
    private partial void LogReconnecting(string mode, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Identifying with intents {Intents}, shard {Shard} ({IdentifiesLeft} identifies left today, -1 = unknown)")]
    private partial void LogIdentifying(int intents, string shard, int identifiesLeft);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming the session from sequence {Sequence}")]
    private partial void LogResuming(int sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "READY as user {BotUserId} (application {ApplicationId}) with {GuildCount} guilds, shard {Shard}")]
    private partial void LogReady(Snowflake botUserId, Snowflake applicationId, int guildCount, string shard);

    [LoggerMessage(Level = LogLevel.Information, Message = "RESUMED at sequence {Sequence}")]
    private partial void LogResumed(int sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No heartbeat ACK since the last heartbeat: zombie connection, reconnecting to resume")]
    private partial void LogZombie();

    [LoggerMessage(Level = LogLevel.Trace, Message = "Heartbeat ACK after {LatencyMs:0} ms")]
    private partial void LogHeartbeatAcknowledged(double latencyMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending a heartbeat failed: {Error}: {Reason}")]
    private partial void LogHeartbeatFailed(string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord asked to reconnect (op 7)")]
    private partial void LogReconnectRequested();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invalid session (op 9), resumable: {Resumable}")]
    private partial void LogInvalidSession(bool resumable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The gateway closed the connection with code {CloseCode} {Reason}")]
    private partial void LogServerClosed(int closeCode, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The gateway stopped for good (code {CloseCode}): {Reason}")]
    private partial void LogFatal(int closeCode, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a gateway payload that is not valid JSON: {Reason}")]
    private partial void LogBadPayload(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the {EventName} dispatch; passing it on raw: {Reason}")]
    private partial void LogBadDispatch(string eventName, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipped {EventName} sequence {Sequence}: already handed out (last {LastSequence})")]
    private partial void LogDuplicateDispatch(string eventName, int sequence, int lastSequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The event consumer is {Waiting} events behind: dropping guild data and raw dispatches (first: {EventType}) until it catches up; interactions and messages for the bot are kept")]
    private partial void LogConsumerBehind(int waiting, string eventType);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The event consumer is behind: dropped {EventType} (sequence {Sequence})")]
    private partial void LogEventDropped(string eventType, int? sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "READY instead of RESUMED (the resume was from sequence {Sequence}): Discord started a new session; the old one's missed events are gone")]
    private partial void LogReadyWhileResuming(int sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not following the gateway URL from {Source} ({Url}): only wss:// (or ws:// to a loopback address) carries the token")]
    private partial void LogGatewayUrlRefused(string url, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a gateway payload of {Size} bytes, over the cap of {MaxBytes}")]
    private partial void LogPayloadTooLarge(long size, int maxBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session start limit: {Remaining} of {Total} identifies left, resets in {ResetSeconds:0} s, {MaxConcurrency} per 5 s")]
    private partial void LogSessionStartLimit(int remaining, int total, double resetSeconds, int maxConcurrency);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Discord allows {Total} new gateway sessions (Identify) a day and none are left; identifying anyway would make Discord end every session and reset the bot token, so the bot waits until {ResetsAt:yyyy-MM-dd HH:mm:ss} UTC ({WaitMinutes:0} min) before connecting")]
    private partial void LogIdentifyBudgetSpent(int total, DateTimeOffset resetsAt, double waitMinutes);
}
