// staleness and local times
