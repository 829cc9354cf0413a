<?php

declare(strict_types=1);

namespace Paysign;

/** One part of a signed message: its name, its value as signed, where it came from. */
final class ExplanationPart
{
    public function __construct(public readonly string $name, public readonly string $value, public readonly string $why)
    {
    }
}
