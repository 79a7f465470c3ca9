# stub: rake 13.0.6 ruby lib
Gem::Specification.new do |s|
  s.name = "rake".freeze
  s.version = "13.0.6"
end
