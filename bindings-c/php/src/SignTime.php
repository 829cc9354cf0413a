<?php

declare(strict_types=1);

namespace Paysign;

/**
 * When a request is signed: now, Unix seconds (with nanoseconds where a
 * scheme signs a fraction: PaySimple; the webhook's milliseconds), or exactly
 * this text (decimal Unix seconds for X-Pay, an IMF-fixdate for CyberSource,
 * ISO-8601 for PaySimple, decimal Unix milliseconds for the webhook).
 */
final class SignTime
{
    private function __construct(public readonly int $unixTime, public readonly int $nanos, public readonly ?string $text)
    {
    }

    public static function now(): self
    {
        return new self(Lib::NOW, 0, null);
    }

    public static function unix(int $seconds, int $nanos = 0): self
    {
        return new self($seconds, $nanos, null);
    }

    public static function exactly(string $text): self
    {
        return new self(Lib::NOW, 0, $text);
    }
}
